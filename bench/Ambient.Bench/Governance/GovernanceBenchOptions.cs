namespace Ambient.Bench.Governance;

/// <summary>What <c>ambient-bench governance</c> runs, and how much of it.</summary>
internal sealed record GovernanceBenchOptions
{
    public const string KillSwitch = "kill-switch";
    public const string Approval = "approval";
    public const string Parked = "parked";

    /// <summary>The measurements, in the order they run: memory first, while the process is new.</summary>
    public static readonly IReadOnlyList<string> All = [Parked, KillSwitch, Approval];

    public IReadOnlyList<string> Measures { get; init; } = All;

    /// <summary>Pauses (kill switch).</summary>
    public int Repeats { get; init; } = 20;

    /// <summary>Approved runs (approval to applied).</summary>
    public int Approvals { get; init; } = 20;

    /// <summary>Runs parked for the memory measurement.</summary>
    public int ParkedCount { get; init; } = 100_000;

    /// <summary>Worker hosts under the kill switch.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Events/s of the steady stream under the kill switch.</summary>
    public int Rate { get; init; } = 200;

    /// <summary>How long each pause is held before the checkpoints are read and the agents resumed.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Stream time before the first pause (consumer group settled, JIT warm).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Stream time after a resume (and the backlog drained) before the next pause.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary><c>limits.maxConcurrentRuns</c> of the agent whose runs park (the shipped 4 would make setting up 100,000 slow).</summary>
    public int ParkConcurrency { get; init; } = 64;

    /// <summary>Where to write a heap dump of the worker with every run parked (needs <c>dotnet-gcdump</c>).</summary>
    public FileInfo? GcDump { get; init; }

    public bool Runs(string measure) => Measures.Contains(measure, StringComparer.Ordinal);
}
