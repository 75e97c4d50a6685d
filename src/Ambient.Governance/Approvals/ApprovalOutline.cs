namespace Ambient.Governance.Approvals;

/// <summary>
/// A request as an <see cref="ApprovalBook"/> holds it: what its readers look at across every request (whose it is, where it
/// stands, where its run's event is), and its bytes on the topic, read whole only for the few requests someone acts on.
/// A worker holds every request of its agents for as long as their runs wait; whole, each held its arguments as a parsed
/// document and a dozen strings, more than the bytes they were read from.
/// </summary>
public sealed class ApprovalOutline
{
    private readonly byte[] _json;

    private ApprovalOutline(string id, ApprovalRecord record, byte[] json, Func<string, string> shared)
    {
        _json = json;
        Id = id;
        Agent = shared(record.Agent);
        RunId = record.RunId;
        Status = shared(record.Status);
        InputTopic = shared(record.Input.Topic);
        InputPartition = record.Input.Partition;
        RequestedAt = record.RequestedAt;
        ExpiresAt = record.ExpiresAt;
        AnsweredAt = record.AnsweredAt;
        AnsweredBy = record.AnsweredBy;
    }

    /// <summary>The approval id.</summary>
    public string Id { get; }

    /// <summary>The agent whose run waits.</summary>
    public string Agent { get; }

    /// <summary>The run that waits.</summary>
    public string RunId { get; }

    /// <summary>One of <see cref="ApprovalStatus"/>.</summary>
    public string Status { get; }

    /// <summary>The topic of the run's event.</summary>
    public string InputTopic { get; }

    /// <summary>The partition of the run's event: its owner drives the run again.</summary>
    public int InputPartition { get; }

    /// <summary>When the run asked.</summary>
    public DateTimeOffset RequestedAt { get; }

    /// <summary>When an unanswered request expires.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>When it was answered.</summary>
    public DateTimeOffset? AnsweredAt { get; }

    /// <summary>Who answered.</summary>
    public string? AnsweredBy { get; }

    /// <summary>Still waiting for an answer.</summary>
    public bool IsPending => Status == ApprovalStatus.Pending;

    /// <summary>Whether a pending request's time is up at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => IsPending && now >= ExpiresAt;

    /// <summary>The outline of <paramref name="record"/>, read from <paramref name="json"/> (kept, not copied) under <paramref name="id"/>.</summary>
    internal static ApprovalOutline Of(string id, ApprovalRecord record, byte[] json, Func<string, string> shared) => new(id, record, json, shared);

    /// <summary>The request whole, read again from its bytes (which were read once already, so they read).</summary>
    internal ApprovalRecord Read() =>
        ApprovalJson.Decode(_json, out var problem) ?? throw new InvalidOperationException($"Approval {Id} no longer reads: {problem}");
}
