using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

namespace Ambient.Bench.Measurements;

/// <summary>
/// Where a bench process's managed allocations go, by type: the runtime's allocation ticks (one event about every
/// 100 KB allocated, naming the type of the object that crossed the mark), counted in-process. Sampled, so a type's
/// share is an estimate; enough to tell a payload copy from a string per record. Enabled with
/// <c>AMBIENT_BENCH_ALLOCATIONS=1</c>; the bench prints the top types to stderr when it ends.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int AllocationTickEvent = 10;
    private const long GcKeyword = 0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>A sampler when <c>AMBIENT_BENCH_ALLOCATIONS</c> is set, else null.</summary>
    public static AllocationSampler? FromEnvironment() =>
        Environment.GetEnvironmentVariable("AMBIENT_BENCH_ALLOCATIONS") is { Length: > 0 } ? new AllocationSampler() : null;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEvent || eventData.Payload is null)
        {
            return;
        }

        var type = eventData.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload[a], CultureInfo.InvariantCulture) : 0;
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
        Interlocked.Add(ref _total, amount);
    }

    /// <summary>The <paramref name="top"/> types by sampled bytes, with their share.</summary>
    public string Describe(int top = 30)
    {
        var total = Math.Max(1, Interlocked.Read(ref _total));
        var text = new StringBuilder($"Sampled allocations: {total / 1024.0 / 1024.0:N0} MiB in ticks; top types:\n");
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(top))
        {
            text.Append(CultureInfo.InvariantCulture, $"{bytes * 100.0 / total,6:F1}%  {bytes / 1024.0 / 1024.0,8:N1} MiB  {type}\n");
        }

        return text.ToString();
    }
}
