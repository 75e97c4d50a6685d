using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Governance.Approvals;

/// <summary>
/// Follows the approvals topic for one host (a worker, the executor, the gateway): reads it whole at start, then every
/// record as it is written. Every replica reads all of it; nothing is committed.
/// </summary>
public sealed partial class ApprovalView(string topic, AmbientKafkaOptions kafka, ApprovalBook book, ILogger<ApprovalView> logger) : BackgroundService, IApprovalSource
{
    /// <summary>How long <see cref="FindAnsweredAsync"/> waits for an answer to be read back.</summary>
    public static readonly TimeSpan ReadBack = TimeSpan.FromSeconds(10);

    private readonly TopicTail _tail = new(topic, fromEnd: false, kafka, logger);

    /// <summary>The requests as read so far.</summary>
    public ApprovalBook Book => book;

    /// <summary>Completes once every record present at start was applied: before it, an answer given earlier may not be known yet.</summary>
    public Task CaughtUp => _tail.CaughtUp;

    /// <summary>
    /// How long <see cref="FindAsync"/> waits for a request it does not know yet: a click on a message posted a moment
    /// after its request was written can reach a host whose tail is that moment behind.
    /// </summary>
    public static readonly TimeSpan Lag = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public Task<ApprovalRecord?> FindAsync(string id, CancellationToken cancellationToken) => WaitForAsync(id, _ => true, Lag, cancellationToken);

    /// <inheritdoc />
    public Task<ApprovalRecord?> FindAnsweredAsync(string id, CancellationToken cancellationToken) =>
        WaitForAsync(id, record => !record.IsPending, ReadBack, cancellationToken);

    // The request as soon as it is what is waited for, or as it is (possibly null) when the time is up.
    private async Task<ApprovalRecord?> WaitForAsync(string id, Func<ApprovalRecord, bool> done, TimeSpan within, CancellationToken cancellationToken)
    {
        await CaughtUp.WaitAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(within);
        while (true)
        {
            var changed = book.Changed;
            if (book.Find(id) is { } found && done(found))
            {
                return found;
            }

            try
            {
                await changed.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return book.Find(id);
            }
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _tail.RunAsync(Apply, stoppingToken);

    private void Apply(TailRecord record)
    {
        if (book.Apply(record.Key, record.Value) is { } problem)
        {
            LogNotApplied(logger, topic, problem);
        }
    }

    // Warning, not Error: a second answer to one request is expected now and then (two approvers at once).
    [LoggerMessage(Level = LogLevel.Warning, Message = "A record of {Topic} was not applied: {Problem}")]
    private static partial void LogNotApplied(ILogger logger, string topic, string problem);
}
