using Ambient.Abstractions.A2a;
using Ambient.Runtime.Checkpoints;

namespace Ambient.Runtime.Delegation;

/// <summary>Ends a delegate step in the conversation: each delegate call gets its answer (or failure) as its tool result.</summary>
internal static class DelegationResults
{
    /// <summary>Adds a tool result for every answered delegation whose call has none yet.</summary>
    public static void AddToolResults(ConversationState conversation)
    {
        foreach (var delegation in conversation.Delegations ?? [])
        {
            if (!delegation.IsPending && conversation.Turns.All(t => t.CallId != delegation.CallId))
            {
                conversation.Turns.Add(new ConversationTurn
                {
                    Role = ConversationTurn.Tool, CallId = delegation.CallId, Plugin = delegation.Plugin, Function = delegation.Function, Content = delegation.ResultText,
                    Masked = delegation.Masked,
                });
            }
        }
    }

    /// <summary>The note of a finished delegate step.</summary>
    public static string Note(ConversationState conversation) =>
        $"{conversation.Delegations!.Count(d => d.State == A2aTaskStates.Completed)} of {conversation.Delegations!.Count} delegated tasks completed";

    /// <summary>
    /// Answers the pending delegations from a recorded run's (replays): the same call of the same act step to the
    /// same agent gets the answer recorded then; a call the original never got an answer for gets none now.
    /// </summary>
    public static void AnswerFromRecord(ConversationState conversation, IReadOnlyList<PendingDelegation> recorded) =>
        conversation.Delegations = [.. conversation.Delegations!.Select(d => !d.IsPending ? d
            : recorded.FirstOrDefault(r => r.CallId == d.CallId && r.Agent == d.Agent && r.MessageId.EndsWith(StepAndCall(d.MessageId), StringComparison.Ordinal)) is { State: not null } r
                ? d with { State = r.State, Answer = r.Answer }
                : d with { State = PendingDelegation.NotRecorded, Answer = "the original run has no answer recorded for this request" })];

    // Message ids are runId/step/call; a replay's run id differs, its step and call do not.
    private static string StepAndCall(string messageId) => messageId[messageId.IndexOf('/', StringComparison.Ordinal)..];
}
