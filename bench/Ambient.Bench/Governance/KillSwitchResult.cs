namespace Ambient.Bench.Governance;

/// <summary>Every pause, and whether every event of the stream ran after the last resume.</summary>
internal sealed record KillSwitchResult(IReadOnlyList<KillSwitchSample> Samples, long Published, long Audited, long DeadLettered);
