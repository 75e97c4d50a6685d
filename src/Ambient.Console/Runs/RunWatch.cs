using System.Threading.Channels;
using Ambient.Abstractions.Checkpoints;

namespace Ambient.Supervisor.Runs;

/// <summary>A run's head changed (<see cref="Head"/> set) or its run is gone (null: its tombstone).</summary>
/// <param name="RunId">The run.</param>
/// <param name="Head">Its new head, or null when it was removed.</param>
internal sealed record RunChange(string RunId, RunHead? Head);

/// <summary>One watcher of the <see cref="RunBoard"/> (an open live page): the changes since it started, at most <see cref="Capacity"/> waiting.</summary>
internal sealed class RunWatch(Action<RunWatch> stop) : IDisposable
{
    /// <summary>Changes kept for a watcher that reads slowly; older ones are dropped (the page reloads the list when it reconnects).</summary>
    public const int Capacity = 512;

    private readonly Channel<RunChange> _changes = Channel.CreateBounded<RunChange>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    /// <summary>The changes, in the order the board saw them.</summary>
    public ChannelReader<RunChange> Changes => _changes.Reader;

    /// <summary>Hands a change to the watcher; never blocks the board.</summary>
    public void Write(RunChange change) => _changes.Writer.TryWrite(change);

    /// <inheritdoc />
    public void Dispose()
    {
        stop(this);
        _changes.Writer.TryComplete();
    }
}
