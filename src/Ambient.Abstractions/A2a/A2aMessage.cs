namespace Ambient.Abstractions.A2a;

/// <summary>A2A v1 Message: one unit of communication between a client (<see cref="A2aRoles.User"/>) and an agent.</summary>
/// <param name="MessageId">Unique per message; a delegation's is <c>runId/step/callIndex</c>, so a re-sent request is the same message.</param>
/// <param name="ContextId">The conversation the message belongs to (the inbox's record key).</param>
/// <param name="TaskId">The task it continues, when it answers an interrupted task.</param>
/// <param name="Role">One of <see cref="A2aRoles"/>.</param>
/// <param name="Parts">The content.</param>
/// <param name="Metadata">Free-form JSON text, or null.</param>
public sealed record A2aMessage(string MessageId, string? ContextId, string? TaskId, string Role, IReadOnlyList<A2aPart> Parts, string? Metadata = null)
{
    /// <summary>The text parts, joined by blank lines.</summary>
    public string Text => string.Join("\n\n", Parts.Where(p => p.Text is not null).Select(p => p.Text));

    /// <summary>The first data part's JSON text, if any.</summary>
    public string? Data => Parts.FirstOrDefault(p => p.Data is not null)?.Data;
}

/// <summary>A2A v1 Part: text, structured data (JSON text), or a file by URL.</summary>
public sealed record A2aPart(string? Text = null, string? Data = null, string? Url = null, string? MediaType = null, string? Filename = null);

/// <summary>A2A v1 roles, spelled as the Avro enum symbols.</summary>
public static class A2aRoles
{
    /// <summary>The client: the requesting agent or person.</summary>
    public const string User = "ROLE_USER";

    /// <summary>The serving agent.</summary>
    public const string Agent = "ROLE_AGENT";
}
