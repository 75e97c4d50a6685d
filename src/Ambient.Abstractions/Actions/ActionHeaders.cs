namespace Ambient.Abstractions.Actions;

/// <summary>Kafka headers of action records that the worker writes and the executor reads beside the Avro value.</summary>
public static class ActionHeaders
{
    /// <summary>
    /// The approval request a human approved for this action (absent when none was needed): the executor applies an
    /// action its policies hold for approval only when this names a request approved for the action's run and tool.
    /// </summary>
    public const string ApprovalId = "ambient-approval-id";
}
