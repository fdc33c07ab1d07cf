/*
 * date.h - calendar arithmetic on YYYYMMDD dates (proleptic Gregorian),
 * shared by the store's queries and story windows and the dashboard's
 * weekly charts.
 */
#ifndef RL_DATE_H
#define RL_DATE_H

/* Days since 1970-01-01 of a YYYYMMDD date (negative before). */
long date_days(int yyyymmdd);
/* The YYYYMMDD date `days` after 1970-01-01. */
int date_from_days(long days);
/* Days in month m (1..12) of year y. */
int date_days_in_month(int y, int m);

#endif
