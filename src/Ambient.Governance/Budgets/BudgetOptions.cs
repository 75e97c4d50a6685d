namespace Ambient.Governance.Budgets;

/// <summary>The shared budget ledger and its clients, bound from <c>Ambient:Budgets</c>.</summary>
public sealed class BudgetOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Budgets";

    /// <summary>Price per model name (<c>Ambient:Budgets:Prices:gpt-4o:InputPerMillionUsd</c>); a model not listed costs 0.</summary>
    public IDictionary<string, ModelPrice> Prices { get; } = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether this host runs (its share of) the ledger processor; every replica may, Kafka spreads the agents.</summary>
    public bool RunLedger { get; set; } = true;

    /// <summary>
    /// Whether a worker draws its agents' budgets from this shared ledger (true, the default) or counts them in its own
    /// process (false: N replicas, N budgets; docs/governance.md#in-the-worker says who uses it).
    /// </summary>
    public bool Shared { get; set; } = true;

    /// <summary>How long stopping waits for the ledger's stream to close before going on without it.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a lease counts as spent when its replica neither settles nor releases it (it may have died).</summary>
    public TimeSpan LeaseLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a reservation waits for the ledger before failing with <see cref="BudgetLedgerUnavailableException"/>.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the ledger looks for days rolled over and leases expired, to announce budget that is back.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>This replica's name on its leases; default: the machine's name and a random suffix.</summary>
    public string Replica { get; set; } = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// Where the ledger processor keeps its local state (the store itself is in memory, restored from its changelog);
    /// default: a directory of this process's own, since Streamiz locks its state directory and two processes on one
    /// machine (two workers, or a worker and a test) must not wait on each other's lock.
    /// </summary>
    public string StateDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "ambient-budget-ledger", $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>The price of <paramref name="model"/>, or null when it has none configured.</summary>
    public ModelPrice? PriceOf(string? model) => model is not null && Prices.TryGetValue(model, out var price) ? price : null;
}
