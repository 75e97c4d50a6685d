using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ambient.Governance.Budgets;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Ambient.Kafka.Reading;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient budget set|show</c>: the agents' budgets on the shared ledger (docs/governance.md#budgets). <c>set</c> writes
/// the limits to the ledger's requests topic and waits for the ledger to apply them; runs deferred for want of budget go
/// on once it has. <c>show</c> reads every agent's budget from the budget topic.
/// </summary>
internal static class BudgetCommand
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static Command Create() => new("budget", "Agents' token and cost budgets, shared by every replica.") { Set(), Show() };

    private static Command Set()
    {
        var agent = new Option<string>("--agent") { Description = "The agent.", Required = true };
        var perDay = new Option<long?>("--tokens-per-day") { Description = "Tokens (input and output) per UTC day." };
        var costPerDay = new Option<decimal?>("--cost-per-day") { Description = "US dollars per UTC day, priced by Ambient:Budgets:Prices." };
        var perMonth = new Option<long?>("--tokens-per-month") { Description = "Tokens per UTC calendar month." };
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var command = new Command("set", "Set an agent's limits (those not given stay as they are); deferred runs go on once the budget allows.")
        {
            agent, perDay, costPerDay, perMonth, bootstrap, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var limits = new BudgetLimits(parse.GetValue(perDay), parse.GetValue(costPerDay), parse.GetValue(perMonth));
            var name = parse.GetValue(agent)!;
            if (limits == BudgetLimits.None || limits.TokensPerDay < 0 || limits.CostPerDayUsd < 0 || limits.TokensPerMonth < 0 || name.Length == 0)
            {
                await Console.Error.WriteLineAsync("error: give an agent and at least one of --tokens-per-day, --cost-per-day, --tokens-per-month, none negative.");
                return ExitCodes.InvalidArguments;
            }

            var waitMs = parse.GetValue(timeout);
            return await KafkaConnection.WithHostAsync(parse.GetValue(bootstrap)!, waitMs, async host =>
            {
                var topics = Topics(host);
                // Follow the budget topic from its end before writing, so the ledger's answer cannot be missed.
                var answers = new TaskCompletionSource<AgentBudget>(TaskCreationOptions.RunContinuationsAsynchronously);
                string? requestId = null;
                using var stopTail = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var tail = new TopicTail(topics.Budget, fromEnd: true, Kafka(host), NullLogger.Instance);
                var tailing = tail.RunAsync(record =>
                {
                    if (record.Value is { Length: > 0 } value && BudgetJson.TryRead<BudgetLedgerRecord>(value) is { Answer: { } answer } ledger
                        && answer.RequestId == Volatile.Read(ref requestId))
                    {
                        answers.TrySetResult(ledger.Budget);
                    }
                }, stopTail.Token);
                try
                {
                    await tail.CaughtUp.WaitAsync(TimeSpan.FromMilliseconds(waitMs), cancellationToken);
                    var writer = new BudgetWriter(host.Services.GetRequiredService<KafkaRecordPublisher>(), topics.BudgetRequests);
                    Volatile.Write(ref requestId, await writer.SetAsync(name, limits, Environment.UserName, cancellationToken));
                    var applied = await answers.Task.WaitAsync(TimeSpan.FromMilliseconds(waitMs), cancellationToken);
                    await Console.Out.WriteLineAsync($"budget of {name} set: {Describe(applied.Limits)}");
                }
                catch (TimeoutException)
                {
                    await Console.Out.WriteLineAsync($"budget of {name} written ({Describe(limits)}); no ledger applied it within {waitMs} ms: it applies when a worker running the ledger reads it");
                }
                finally
                {
                    await stopTail.CancelAsync();
                    await tailing;
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static Command Show()
    {
        var agent = new Option<string?>("--agent") { Description = "Only this agent." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {agent, day, tokensToday, leasedTokens, availableTokens, costTodayUsd, tokensThisMonth, limits, limitsSet, resetsAt, leases}." };
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var command = new Command("show", "Every agent's budget: used today, leased to replicas, limits, and when it resets.") { agent, json, bootstrap, timeout };
        command.SetAction((parse, cancellationToken) => KafkaConnection.WithHostAsync(parse.GetValue(bootstrap)!, parse.GetValue(timeout), async host =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var budgets = (await BudgetReader.ReadAsync(Kafka(host), Topics(host).Budget, cancellationToken)).Values
                .Where(b => parse.GetValue(agent) is not { } only || b.Agent == only)
                .Select(b => BudgetRules.Tick(b, now)) // as of now: a day that rolled over shows as a new day
                .OrderBy(b => b.Agent, StringComparer.Ordinal)
                .ToList();
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(budgets.Select(b => new
                {
                    agent = b.Agent, day = b.Day, tokensToday = b.TokensToday, leasedTokens = b.OutstandingTokens, availableTokens = b.AvailableTokens,
                    costTodayUsd = b.CostTodayUsd, tokensThisMonth = b.TokensThisMonth, limits = b.Limits, limitsSet = b.LimitsSet, resetsAt = b.DayResetsAt,
                    leases = b.Leases.Select(l => new { id = l.Id, replica = l.Replica, tokens = l.Tokens, expiresAt = l.ExpiresAt }),
                }), s_json));
                return ExitCodes.Success;
            }

            if (budgets.Count == 0)
            {
                await Console.Out.WriteLineAsync(parse.GetValue(agent) is { } missing ? $"no budget recorded for {missing}" : "no budgets recorded");
                return parse.GetValue(agent) is null ? ExitCodes.Success : ExitCodes.Failure;
            }

            await Console.Out.WriteLineAsync($"{"agent",-22} {"tokens today",-24} {"leased",8} {"cost today",-20} {"tokens this month",-24} resets at (UTC)");
            foreach (var b in budgets)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{b.Agent,-22} {Of(b.TokensToday, b.Limits.TokensPerDay),-24} {b.OutstandingTokens,8:N0} {Of(b.CostTodayUsd, b.Limits.CostPerDayUsd),-20} {Of(b.TokensThisMonth, b.Limits.TokensPerMonth),-24} {b.DayResetsAt:yyyy-MM-dd HH:mm}{(b.LimitsSet ? string.Empty : "  (limits from the agent file)")}"));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Of(long used, long? limit) => string.Create(CultureInfo.InvariantCulture, $"{used:N0} of {(limit is { } l ? l.ToString("N0", CultureInfo.InvariantCulture) : "-")}");

    private static string Of(decimal used, decimal? limit) => string.Create(CultureInfo.InvariantCulture, $"${used:0.00##} of {(limit is { } l ? $"${l:0.00##}" : "-")}");

    private static string Describe(BudgetLimits limits) => string.Join(", ",
        new[]
        {
            limits.TokensPerDay is { } perDay ? string.Create(CultureInfo.InvariantCulture, $"{perDay:N0} tokens a day") : null,
            limits.CostPerDayUsd is { } cost ? string.Create(CultureInfo.InvariantCulture, $"${cost:0.00##} a day") : null,
            limits.TokensPerMonth is { } perMonth ? string.Create(CultureInfo.InvariantCulture, $"{perMonth:N0} tokens a month") : null,
        }.OfType<string>());

    private static AmbientTopics Topics(IHost host) => host.Services.GetRequiredService<IOptions<AmbientTopics>>().Value;

    private static AmbientKafkaOptions Kafka(IHost host) => host.Services.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value;
}
