namespace Routing.Redis;

/// <summary>
/// Expected wait from recent throughput: position ÷ contacts answered per minute over the last
/// 15 minutes, else over the last hour, else since the tenant's midnight; unknown (null) when the
/// queue answered nothing today. A contact first in line of a queue answering 3 a minute waits ~20 s.
/// </summary>
public static class WaitEstimate
{
    public static TimeSpan? For(long position, long answered15Minutes, long answeredHour, long answeredToday, double minutesToday)
    {
        if (position <= 0)
        {
            return null;
        }

        double perMinute = answered15Minutes > 0 ? answered15Minutes / 15.0
            : answeredHour > 0 ? answeredHour / 60.0
            : answeredToday > 0 ? answeredToday / Math.Max(1, minutesToday)
            : 0;
        return perMinute > 0 ? TimeSpan.FromSeconds(Math.Round(position * 60 / perMinute)) : null;
    }
}
