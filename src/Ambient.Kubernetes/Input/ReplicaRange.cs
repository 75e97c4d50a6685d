namespace Ambient.Kubernetes.Input;

/// <summary>The bounds the scaler keeps an agent's workers in.</summary>
/// <param name="Min">At least this many (0 scales to zero when idle).</param>
/// <param name="Max">At most this many.</param>
public sealed record ReplicaRange(int Min, int Max);
