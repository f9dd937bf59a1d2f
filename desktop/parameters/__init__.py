"""Loading the parameter tables from resources/params and the administrator's overlay folder."""
