/*
 * date.c - calendar arithmetic on YYYYMMDD dates: days since 1970-01-01
 * and back, after Howard Hinnant's days_from_civil / civil_from_days
 * (proleptic Gregorian, any year), the days of a month, and the strict
 * "YYYY-MM-DD" parser of the public API (rl_date_parse) that the command's
 * options and the dashboard's parameters use.
 */
#include "date.h"

#include "redline.h"

long date_days(int yyyymmdd)
{
    long y = yyyymmdd / 10000, m = (yyyymmdd / 100) % 100, d = yyyymmdd % 100;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    return (int)(y * 10000 + m * 100 + d);
}

int date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

int rl_date_parse(const char *s, size_t n)
{
    if (s == NULL || n != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int v[3] = {0, 0, 0};
    static const int pos[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < len[k]; i++) {
            char ch = s[pos[k] + i];
            if (ch < '0' || ch > '9')
                return -1;
            v[k] = v[k] * 10 + (ch - '0');
        }
    }
    if (v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > date_days_in_month(v[0], v[1]))
        return -1;
    return v[0] * 10000 + v[1] * 100 + v[2];
}
