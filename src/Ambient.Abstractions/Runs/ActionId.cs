using System.Globalization;

namespace Ambient.Abstractions.Runs;

/// <summary>
/// The deterministic id of an action: <c>runId/step/callIndex</c>. A re-executed step proposes the same
/// ids, so consumers of <c>ambient.actions</c> deduplicate by it.
/// </summary>
public readonly record struct ActionId(RunId Run, int Step, int CallIndex)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Run.Value}/{Step}/{CallIndex}");
}
