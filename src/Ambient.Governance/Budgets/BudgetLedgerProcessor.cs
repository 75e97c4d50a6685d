using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Stream;

namespace Ambient.Governance.Budgets;

/// <summary>
/// Runs this host's share of the budget ledger: a Streamiz.Kafka.Net application (consumer group
/// <see cref="AmbientTopics.BudgetLedger"/>) that reads the budget requests, keyed by agent, and keeps each agent's
/// budget in an in-memory store backed by the compacted changelog <see cref="AmbientTopics.BudgetChangelog"/>. Kafka gives
/// each requests partition, so each agent, to exactly one running processor; a processor that starts (or takes over a
/// partition) restores its store from the changelog first. Every replica may run one.
/// </summary>
public sealed partial class BudgetLedgerProcessor(AmbientTopics topics, AmbientKafkaOptions kafka, BudgetOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    : BackgroundService
{
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger = loggerFactory.CreateLogger<BudgetLedgerProcessor>();

    /// <summary>Completes once the processor first reached Streamiz's RUNNING state (its store restored).</summary>
    public Task Running => _running.Task;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        KafkaStream stream;
        try
        {
            stream = new KafkaStream(Topology(), Config());
        }
        catch (Exception ex)
        {
            // Not left pending: whoever waits for the processor to run learns why it never will.
            _running.TrySetException(ex);
            throw;
        }

        stream.StateChanged += (_, state) =>
        {
            if (state == KafkaStream.State.RUNNING)
            {
                _running.TrySetResult();
            }
        };
        try
        {
            // No token here: Streamiz would dispose the stream from the token's callback, on the host's stopping thread
            // and racing the dispose below (it threw ObjectDisposedException out of StopAsync). It is disposed once, below.
            await stream.StartAsync(CancellationToken.None).WaitAsync(stoppingToken);
            LogStarted(_logger, topics.BudgetRequests, topics.Budget, topics.BudgetChangelog);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the stream closes below, committing what it processed.
        }
        finally
        {
            // Dispose blocks while the stream threads finish and commit; not on the host's thread, and not for ever: a
            // request left uncommitted is read again by the next processor and counted once (its offset is in the budget).
            try
            {
                await Task.Run(stream.Dispose, CancellationToken.None).WaitAsync(options.CloseTimeout, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                LogCloseTimedOut(_logger, options.CloseTimeout.TotalSeconds);
            }

            _running.TrySetCanceled(CancellationToken.None);
        }
    }

    private Topology Topology()
    {
        // Before the builder: it takes its loggers from Streamiz's static, which the previous processor's host may have disposed.
        StreamizLogging.Shared.Use(loggerFactory);
        var rules = new BudgetRules(options.LeaseLifetime);
        var store = Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore(AmbientTopics.BudgetStoreName), new StringSerDes(), new StringSerDes())
            .WithLoggingEnabled(new Dictionary<string, string>(StringComparer.Ordinal) { ["cleanup.policy"] = "compact" });
        var builder = new StreamBuilder();
        builder.Stream<string, string>(topics.BudgetRequests)
            .Transform(TransformerBuilder.New<string, string, string, string>()
                .Transformer<BudgetLedgerTransformer>(rules, time, options.TickInterval, _logger)
                .StateStore(store)
                .Build())
            .To(topics.Budget);
        return builder.Build();
    }

    private StreamConfig<StringSerDes, StringSerDes> Config()
    {
        var config = new StreamConfig<StringSerDes, StringSerDes>
        {
            ApplicationId = topics.BudgetLedger,
            BootstrapServers = kafka.BootstrapServers,
            // One client id per processor: Streamiz names its threads and keeps its clients by it.
            ClientId = $"{kafka.ClientId}-ledger-{options.Replica}",
            AutoOffsetReset = Confluent.Kafka.AutoOffsetReset.Earliest,
            // A request read again after a crash is recognised by its offset (AgentBudget.AppliedOffset); a short commit
            // interval only keeps that re-reading short.
            CommitIntervalMs = 100,
            StateDir = options.StateDirectory,
            // Streamiz keeps its logger factory in a static for the whole process: see StreamizLogging.
            Logger = StreamizLogging.Shared.Use(loggerFactory),
        };
        // Security (security.protocol, sasl.*) and other pass-through settings the host's consumers use.
        foreach (var (key, value) in kafka.Consumer)
        {
            StreamizSettings.Add(config, key, value);
        }

        return config;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget ledger: the stream did not close within {Seconds} s; stopping without it (its last requests are read again by the next processor, and counted once)")]
    private static partial void LogCloseTimedOut(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Budget ledger started: {Requests} -> {Budget}, store changelog {Changelog}")]
    private static partial void LogStarted(ILogger logger, string requests, string budget, string changelog);
}
