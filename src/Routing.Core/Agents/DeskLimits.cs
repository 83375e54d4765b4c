namespace Routing.Core.Agents;

/// <summary>
/// Size bounds on what an agent desk may send: the hello and every command. They keep ids fit for
/// Redis keys and free text fit for the contact's timeline and the CRM's interaction row.
/// </summary>
public static class DeskLimits
{
    /// <summary>Agent ids: 1-64 characters of letters, digits, '.', '_', '-' or '@'.</summary>
    public const int AgentIdLength = 64;

    public const int DisplayNameLength = 200;

    /// <summary>Queue (skill) names: 1-64 characters of a-z, 0-9, '-' or '_'.</summary>
    public const int QueueLength = 64;

    public const int MaxSkills = 64;

    public const int MinProficiency = 1;

    public const int MaxProficiency = 5;

    /// <summary>Contacts of one channel an agent may hold at once; 0 means not this channel.</summary>
    public const int MaxPerChannel = 100;

    /// <summary>Contacts an agent may hold across channels; 0 in a hello means the server default.</summary>
    public const int MaxTotal = 1_000;

    /// <summary>Offer and contact ids are the router's own (e.g. "of-ct-…-1"); anything longer is not one.</summary>
    public const int IdLength = 128;

    public const int StatusReasonLength = 200;

    public const int DeclineReasonLength = 200;

    public const int DispositionLength = 64;

    public const int NotesLength = 4_000;

    public const int TransferNoteLength = 1_000;
}
