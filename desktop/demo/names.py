"""Kazakh and Russian first names, surnames and patronymics for generated people."""

from __future__ import annotations

import random
from dataclasses import dataclass

from desktop.domain.model import PersonName, Sex

KAZAKH_MALE = (
    "Айбек", "Айдос", "Алмас", "Арман", "Асқар", "Асхат", "Әділ", "Әлібек", "Бауыржан", "Бекзат",
    "Болат", "Ғалым", "Дәурен", "Данияр", "Ерболат", "Ерлан", "Ержан", "Жандос", "Жасұлан",
    "Қайрат", "Қанат", "Мұрат", "Мақсат", "Нұрлан", "Нұржан", "Олжас", "Ораз", "Рүстем",
    "Серік", "Сұлтан", "Талғат", "Тимур", "Төлеген", "Ұлан", "Шыңғыс", "Ілияс", "Ысқақ",
    "Еркебұлан", "Бақытжан", "Дархан",
)
KAZAKH_FEMALE = (
    "Айгүл", "Айжан", "Айнұр", "Ақмарал", "Әйгерім", "Әсел", "Аружан", "Балжан", "Гүлнар",
    "Гүлмира", "Дана", "Дәмира", "Динара", "Жанар", "Жансая", "Жұлдыз", "Зарина", "Индира",
    "Қарлығаш", "Күлпаш", "Ләззат", "Мадина", "Меруерт", "Назгүл", "Нұргүл", "Перизат",
    "Сәуле", "Сандуғаш", "Салтанат", "Толғанай", "Ұлдана", "Үміт", "Шынар", "Іңкәр", "Ырысты",
    "Айша", "Томирис", "Фариза", "Ботагөз", "Мөлдір",
)
KAZAKH_SURNAMES = (  # male forms; the female form adds -а (see female_surname)
    "Ахметов", "Әбдіров", "Әлімов", "Бекболатов", "Бөкейханов", "Ғабдуллин", "Досмұхамедов",
    "Ергалиев", "Жақсылықов", "Жұмабаев", "Кенжебаев", "Қасымов", "Қожахметов", "Құнанбаев",
    "Мұхаметжанов", "Нұрланов", "Нұрпейісов", "Оспанов", "Өтегенов", "Сәрсенбаев", "Сейітов",
    "Сұлтанов", "Тоқтаров", "Төлеуов", "Ұзақов", "Үсенов", "Шәріпов", "Ыбыраев", "Іскаков",
    "Есенов", "Жанұзақов", "Байжанов", "Мырзахметов", "Рахымжанов", "Смағұлов", "Тәжібаев",
    "Хасенов", "Шайкенов", "Әміров", "Қалиев", "Жүсіпов", "Омаров", "Бегалин", "Дүйсенов",
)
RUSSIAN_MALE = (
    "Александр", "Алексей", "Андрей", "Виктор", "Владимир", "Дмитрий", "Евгений", "Иван",
    "Игорь", "Константин", "Михаил", "Николай", "Олег", "Павел", "Роман", "Сергей", "Юрий",
    "Артём", "Фёдор", "Степан",
)
RUSSIAN_FEMALE = (
    "Анастасия", "Анна", "Валентина", "Галина", "Дарья", "Екатерина", "Елена", "Ирина",
    "Людмила", "Марина", "Мария", "Наталья", "Нина", "Ольга", "Светлана", "Татьяна",
    "Юлия", "Алёна", "Ксения", "Вера",
)
RUSSIAN_SURNAMES = (
    "Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
)
# patronymic stems where the plain -ович/-овна rule does not give the standard form
_RU_PATRONYMIC = {
    "Алексей": ("Алексеевич", "Алексеевна"),
    "Андрей": ("Андреевич", "Андреевна"),
    "Евгений": ("Евгеньевич", "Евгеньевна"),
    "Игорь": ("Игоревич", "Игоревна"),
    "Николай": ("Николаевич", "Николаевна"),
    "Сергей": ("Сергеевич", "Сергеевна"),
    "Юрий": ("Юрьевич", "Юрьевна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Константин": ("Константинович", "Константиновна"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Павел": ("Павлович", "Павловна"),
    "Артём": ("Артёмович", "Артёмовна"),
    "Фёдор": ("Фёдорович", "Фёдоровна"),
}


def female_surname(surname: str) -> str:
    """Ахметов → Ахметова, Ғабдуллин → Ғабдуллина, Соловьёв → Соловьёва."""
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


def surname_for(surname: str, sex: Sex) -> str:
    return female_surname(surname) if sex is Sex.FEMALE else surname


def patronymic(father: str, sex: Sex, kazakh_style: bool) -> str:
    """From the father's first name: Ерлан → Ерланұлы / Ерланқызы, or Ерланович / Ерлановна."""
    if kazakh_style:
        return father + ("ұлы" if sex is Sex.MALE else "қызы")
    if father in _RU_PATRONYMIC:
        male, female = _RU_PATRONYMIC[father]
        return male if sex is Sex.MALE else female
    return father + ("ович" if sex is Sex.MALE else "овна")


@dataclass(frozen=True, slots=True)
class Lineage:
    """What a family shares: its surname (male form), its culture and how patronymics look."""

    surname: str
    kazakh: bool
    kazakh_style_patronymic: bool

    @classmethod
    def draw(cls, rng: random.Random) -> Lineage:
        kazakh = rng.random() < 0.75
        surname = rng.choice(KAZAKH_SURNAMES if kazakh else RUSSIAN_SURNAMES)
        return cls(surname, kazakh, kazakh and rng.random() < 0.5)

    def first_name(self, rng: random.Random, sex: Sex) -> str:
        if self.kazakh:
            return rng.choice(KAZAKH_MALE if sex is Sex.MALE else KAZAKH_FEMALE)
        return rng.choice(RUSSIAN_MALE if sex is Sex.MALE else RUSSIAN_FEMALE)

    def father_name(self, rng: random.Random) -> str:
        return self.first_name(rng, Sex.MALE)

    def person(self, rng: random.Random, sex: Sex, father: str) -> PersonName:
        return PersonName(
            surname=surname_for(self.surname, sex),
            first_name=self.first_name(rng, sex),
            patronymic=patronymic(father, sex, self.kazakh_style_patronymic),
        )
