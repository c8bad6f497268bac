"""The plan folder: its files and their names, atomic writes, the check-in log, the
feed token and the squad's stamp. One owner for everything on a plan folder's disk."""
