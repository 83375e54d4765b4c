namespace Routing.Redis;

/// <summary>
/// A queue's answered contacts per window at one moment (<see cref="WaitEstimate"/>): the part of a
/// wait estimate that does not depend on the contact's position, so one read serves many contacts.
/// </summary>
public readonly record struct WaitBasis(long Answered15Minutes, long AnsweredHour, long AnsweredToday, double MinutesToday)
{
    public TimeSpan? Estimate(long position) => WaitEstimate.For(position, Answered15Minutes, AnsweredHour, AnsweredToday, MinutesToday);
}
