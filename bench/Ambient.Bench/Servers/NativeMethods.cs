using System.Runtime.InteropServices;

namespace Ambient.Bench.Servers;

/// <summary>POSIX <c>kill(2)</c>: .NET can only kill a process hard, and the servers deserve a clean SIGTERM.</summary>
internal static partial class NativeMethods
{
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
