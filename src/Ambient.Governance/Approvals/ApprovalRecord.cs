using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ambient.Governance.Approvals;

/// <summary>
/// One record of the approvals topic (JSON, keyed by <see cref="Id"/>): the request a parked run made and, once
/// answered, the answer. Each write carries the whole request, so compaction keeping the latest record keeps everything.
/// </summary>
public sealed record ApprovalRecord
{
    /// <summary>The approval id (see <see cref="ApprovalIds"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The run that waits.</summary>
    public required string RunId { get; init; }

    /// <summary>The agent whose run it is.</summary>
    public required string Agent { get; init; }

    /// <summary>The tool the model called, <c>plugin.function</c>.</summary>
    public required string Tool { get; init; }

    /// <summary>The arguments the model gave.</summary>
    public required JsonElement Arguments { get; init; }

    /// <summary>What the model said alongside the call (capped): why it wants this.</summary>
    public string? Reasoning { get; init; }

    /// <summary>The policy and rule that asked for approval.</summary>
    public string? Policy { get; init; }

    /// <summary>The rule that asked for approval.</summary>
    public string? Rule { get; init; }

    /// <summary>The rule's reason.</summary>
    public required string Reason { get; init; }

    /// <summary>Who may answer (Slack user ids or names); an answer by anyone else is an override, or refused where approvers are checked.</summary>
    public required IReadOnlyList<string> Approvers { get; init; }

    /// <summary>When the run asked.</summary>
    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>When an unanswered request expires.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>What expiry decides: <see cref="ApprovalStatus.Denied"/> (the default) or <see cref="ApprovalStatus.Approved"/>.</summary>
    public string OnExpiry { get; init; } = ApprovalStatus.Denied;

    /// <summary>Where the run's event is: the owner of its partition drives the run again once the request is answered.</summary>
    public required ApprovalRunInput Input { get; init; }

    /// <summary>One of <see cref="ApprovalStatus"/>.</summary>
    public string Status { get; init; } = ApprovalStatus.Pending;

    /// <summary>Who answered (an OS user, a Slack user, a console user; <c>ambient</c> for an expiry).</summary>
    public string? AnsweredBy { get; init; }

    /// <summary>When it was answered.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }

    /// <summary>The reason the answer gave.</summary>
    public string? AnswerReason { get; init; }

    /// <summary>How it was answered: <c>cli</c>, <c>slack</c>, <c>console</c> or <c>expiry</c>.</summary>
    public string? AnsweredVia { get; init; }

    /// <summary>The answer came from someone not among <see cref="Approvers"/> (an operator overriding the rule).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Override { get; init; }

    /// <summary>Still waiting for an answer.</summary>
    [JsonIgnore]
    public bool IsPending => Status == ApprovalStatus.Pending;

    /// <summary>Whether a pending request's time is up at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => IsPending && now >= ExpiresAt;
}

/// <summary>The event a run reasons about, where it is on its topic.</summary>
/// <param name="Topic">The event's topic.</param>
/// <param name="Partition">Its partition (also the partition of the run's checkpoints).</param>
/// <param name="Offset">Its offset.</param>
/// <param name="EventId">The CloudEvents id.</param>
/// <param name="EventType">The CloudEvents type.</param>
public sealed record ApprovalRunInput(string Topic, int Partition, long Offset, string EventId, string EventType);
