namespace Ambient.Runtime.Replays;

/// <summary>A recorded replay could not follow its recording (it asked the model something the original run did not).</summary>
public sealed class ReplayDivergenceException(string message) : Exception(message);
