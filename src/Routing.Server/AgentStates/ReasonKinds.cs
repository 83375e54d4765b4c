namespace Routing.Server.AgentStates;

/// <summary>How an agent away with a reason code counts in the queue figures (the engine stores the word).</summary>
public static class ReasonKinds
{
    public const string Away = "away";
    public const string WrapUp = "wrap_up";
}
