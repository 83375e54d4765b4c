namespace Routing.Redis;

public enum CancelOutcome
{
    /// <summary>This call cancelled the contact.</summary>
    Cancelled,

    NotFound,

    /// <summary>The contact is neither waiting nor offered (assigned, completed, already cancelled): nothing changed.</summary>
    BadState,
}
