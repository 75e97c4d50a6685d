using System.Diagnostics;
using System.Runtime;

namespace Ambient.Bench.Governance;

/// <summary>This process's memory after a full, compacting, blocking collection (large object heap included).</summary>
/// <param name="LiveBytes">Bytes of objects still reachable (<see cref="GC.GetTotalMemory(bool)"/> after the collection).</param>
/// <param name="HeapBytes">The managed heap's size after the collection, fragmentation included.</param>
/// <param name="CommittedBytes">Memory the GC holds committed from the OS (heap plus what it keeps for reuse).</param>
/// <param name="WorkingSetBytes">The process's resident memory: managed, native (librdkafka's buffers) and code.</param>
/// <param name="GcLimitBytes">The memory the GC may use: a heap hard limit (<c>DOTNET_GCHeapHardLimit</c>, or 75% of a container's
/// memory limit), else the machine's memory.</param>
internal sealed record MemorySnapshot(long LiveBytes, long HeapBytes, long CommittedBytes, long WorkingSetBytes, long GcLimitBytes)
{
    public static MemorySnapshot Take()
    {
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        using var process = Process.GetCurrentProcess();
        return new MemorySnapshot(GC.GetTotalMemory(forceFullCollection: false), info.HeapSizeBytes, info.TotalCommittedBytes, process.WorkingSet64,
            info.TotalAvailableMemoryBytes);
    }
}
