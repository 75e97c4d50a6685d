namespace Ambient.Runtime.Runs;

/// <summary>
/// One run at a time per run id in this process. Two records of one event map to one run; when both are in flight at
/// once (a partition's records of different keys run in parallel, and a producer may give the copy another key) the
/// second waits for the first, then finds the run finished (or resumes it) instead of executing the same steps beside
/// it. Entries exist only while a run holds or awaits one, so memory is bounded by the runs in flight.
/// </summary>
internal sealed class RunLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Waits until no other caller holds <paramref name="runId"/>; dispose the result to let the next one in.</summary>
    public async Task<IDisposable> AcquireAsync(string runId, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(runId, out entry!))
            {
                _entries[runId] = entry = new Entry();
            }

            entry.Users++;
        }

        try
        {
            await entry.Gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(runId, entry);
            throw;
        }

        return new Held(this, runId, entry);
    }

    private void Leave(string runId, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(runId);
                entry.Gate.Dispose();
            }
        }
    }

    /// <summary>A held run id.</summary>
    private sealed class Held(RunLocks owner, string runId, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                entry.Gate.Release();
                owner.Leave(runId, entry);
            }
        }
    }

    /// <summary>The gate of one run id and how many callers hold or await it.</summary>
    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }
}
