using System.Diagnostics;

namespace Ambient.Runtime.Checkpoints;

/// <summary>
/// Crash tests kill a worker at a step boundary: the run that writes the Nth checkpoint waits for its
/// acknowledgement (steps are otherwise not waited for one by one), then the process kills itself with
/// SIGKILL, with no cleanup, exactly as an OOM kill or a node loss would.
/// </summary>
internal static class FaultInjection
{
    private static int s_checkpoints;

    /// <summary>Counts a checkpoint being written; true for the one after which the process dies.</summary>
    public static bool IsKillPoint(CheckpointOptions options) =>
        options.KillAfterCheckpoints > 0 && Interlocked.Increment(ref s_checkpoints) == options.KillAfterCheckpoints;

    public static void Kill(CheckpointOptions options)
    {
        Console.Error.WriteLine($"ambient: fault injection: killing the process after checkpoint {options.KillAfterCheckpoints}");
        Process.GetCurrentProcess().Kill();
    }
}
