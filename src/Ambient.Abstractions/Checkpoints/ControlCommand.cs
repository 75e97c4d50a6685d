using System.Text.Json;

namespace Ambient.Abstractions.Checkpoints;

/// <summary>
/// An operator's command to the workers, on the control topic keyed by run id. Today: roll a run back
/// to one of its steps (<see cref="ToStep"/>) or to its last good step, and re-execute from there.
/// </summary>
/// <param name="Id">Unique id of the command, so a redelivered command is applied once.</param>
/// <param name="Kind">What to do: <see cref="Rollback"/>.</param>
/// <param name="RunId">The run.</param>
/// <param name="Agent">The run's agent: only its workers act on the command.</param>
/// <param name="Input">Where the run's event is (and so which checkpoint partition holds the run).</param>
/// <param name="ToStep">The step to roll back to; null means the last good step.</param>
/// <param name="RequestedBy">Who asked (user, host), for the audit trail.</param>
/// <param name="RequestedAt">When.</param>
public sealed record ControlCommand(string Id, string Kind, string RunId, string Agent, RunInput Input, int? ToStep, string RequestedBy, DateTimeOffset RequestedAt)
{
    /// <summary>Roll a run back and re-execute it from the chosen step.</summary>
    public const string Rollback = "rollback";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Encodes the command as JSON.</summary>
    public byte[] Encode() => JsonSerializer.SerializeToUtf8Bytes(this, s_json);

    /// <summary>Decodes a command.</summary>
    /// <exception cref="JsonException">The bytes are not a control command.</exception>
    public static ControlCommand Decode(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ControlCommand>(json, s_json) ?? throw new JsonException("The control record is empty.");
}
