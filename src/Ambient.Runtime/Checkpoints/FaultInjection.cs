using System.Diagnostics;

namespace Ambient.Runtime.Checkpoints;

/// <summary>
/// Crash tests kill a worker at a step boundary: right after its Nth checkpoint is acknowledged, the
/// process kills itself with SIGKILL, with no cleanup, exactly as an OOM kill or a node loss would.
/// </summary>
internal static class FaultInjection
{
    private static int s_checkpoints;

    public static void AfterCheckpoint(CheckpointOptions options)
    {
        if (options.KillAfterCheckpoints > 0 && Interlocked.Increment(ref s_checkpoints) == options.KillAfterCheckpoints)
        {
            Console.Error.WriteLine($"ambient: fault injection: killing the process after checkpoint {options.KillAfterCheckpoints}");
            Process.GetCurrentProcess().Kill();
        }
    }
}
