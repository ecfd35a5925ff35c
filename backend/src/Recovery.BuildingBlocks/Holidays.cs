namespace Recovery.BuildingBlocks;

/// <summary>Brazil's national holidays (Lei 662/1949, Lei 6.802/1980, Lei 14.759/2023) and the Easter-based days off.</summary>
public static class Holidays
{
    public static string? Name(DateOnly date)
    {
        switch (date.Month, date.Day)
        {
            case (1, 1): return "Confraternização Universal";
            case (4, 21): return "Tiradentes";
            case (5, 1): return "Dia do Trabalho";
            case (9, 7): return "Independência";
            case (10, 12): return "Nossa Senhora Aparecida";
            case (11, 2): return "Finados";
            case (11, 15): return "Proclamação da República";
            case (11, 20): return "Dia Nacional de Zumbi e da Consciência Negra";
            case (12, 25): return "Natal";
        }
        var easter = Easter(date.Year);
        return (date.DayNumber - easter.DayNumber) switch
        {
            -48 or -47 => "Carnaval",
            -2 => "Sexta-feira Santa",
            60 => "Corpus Christi",
            _ => null,
        };
    }

    /// <summary>The date <paramref name="days"/> business days after <paramref name="from"/> (no weekends, no national holidays).</summary>
    public static DateOnly AddBusinessDays(DateOnly from, int days)
    {
        var date = from;
        while (days > 0)
        {
            date = date.AddDays(1);
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && Name(date) is null) days--;
        }
        return date;
    }

    /// <summary>Easter Sunday of the Gregorian calendar (the anonymous algorithm of Meeus, Jones and Butcher).</summary>
    public static DateOnly Easter(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
