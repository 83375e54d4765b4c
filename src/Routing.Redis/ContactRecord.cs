namespace Routing.Redis;

/// <summary>A contact with how it went, as a supervisor reads it.</summary>
public sealed record ContactRecord(StoredContact Contact, StoredOutcome Outcome);
