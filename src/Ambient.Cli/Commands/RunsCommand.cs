using System.CommandLine;
using System.Globalization;
using System.Text;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Processing;
using Ambient.Kafka;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Operations;
using Ambient.Runtime.Runs;
using Microsoft.Extensions.DependencyInjection;
using Ambient.Executor.Ledger;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient runs list|show|rollback</c>: the runs on the checkpoints topic, one run's steps, state,
/// actions, tokens and timings, and rolling a run back through the control topic.
/// </summary>
internal static class RunsCommand
{
    public static Command Create() => new("runs", "Inspect agent runs from their checkpoints, and roll them back.")
    {
        List(), Show(), Rollback(),
    };

    private static Command List()
    {
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var agent = new Option<string?>("--agent") { Description = "Only this agent's runs." };
        var status = new Option<string?>("--status") { Description = "Only runs in this status: running, succeeded, failed." };
        var limit = new Option<int>("--limit") { Description = "At most this many runs, newest first.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List runs, newest first.") { bootstrap, timeout, agent, status, limit };
        command.SetAction((parse, cancellationToken) => WithOperationsAsync(parse.GetValue(bootstrap)!, parse.GetValue(timeout), async (operations, _) =>
        {
            var runs = await operations.ListAsync(parse.GetValue(agent), parse.GetValue(status), cancellationToken);
            var output = new StringBuilder();
            output.AppendLine(CultureInfo.InvariantCulture, $"{"RUN",-40} {"STATUS",-10} {"STEP",-14} {"UPDATED",-20} EVENT");
            foreach (var run in runs.Take(parse.GetValue(limit)))
            {
                // The newest step is where a run is (heads change with the status only; a running run may have none yet).
                var (step, stepName, input) = run.Current is { } current
                    ? (current.StepIndex, current.StepName, current.Input)
                    : (run.Head!.HeadStep, run.Head.HeadStepName, run.Head.Input);
                output.AppendLine(CultureInfo.InvariantCulture,
                    $"{run.RunId,-40} {run.Status,-10} {$"{step} {stepName}",-14} {run.UpdatedAt!.Value.UtcDateTime,-20:yyyy-MM-dd HH:mm:ss} {input.EventType} {input.Topic}/{input.Partition}@{input.Offset}");
            }

            output.Append(CultureInfo.InvariantCulture, $"{runs.Count} runs");
            await Console.Out.WriteLineAsync(output.ToString());
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show()
    {
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var run = new Argument<string>("run") { Description = "The run id (see `ambient runs list`)." };
        var command = new Command("show", "Show a run: its steps, state, actions with what the executor did with them, tokens and timings.") { run, bootstrap, timeout };
        command.SetAction((parse, cancellationToken) => WithOperationsAsync(parse.GetValue(bootstrap)!, parse.GetValue(timeout), async (operations, services) =>
        {
            var journal = await operations.FindAsync(parse.GetValue(run)!, cancellationToken);
            if (journal is null)
            {
                await Console.Error.WriteLineAsync($"error: no run {parse.GetValue(run)} on the checkpoints topic.");
                return ExitCodes.Failure;
            }

            await Console.Out.WriteLineAsync(Describe(journal, Outcomes(services, journal.RunId, cancellationToken)));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Rollback()
    {
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var run = new Argument<string>("run") { Description = "The run id (see `ambient runs list`)." };
        var to = new Option<string>("--to") { Description = "The step to roll back to: its index, or last-good.", Required = true };
        var wait = new Option<int>("--wait-seconds") { Description = "How long to wait for a worker to apply it (0: do not wait).", DefaultValueFactory = _ => 60 };
        var command = new Command("rollback", "Roll a run back to a step: later steps are undone (compensated where a tool can) and the run re-executes from there.")
        {
            run, to, wait, bootstrap, timeout,
        };
        command.SetAction((parse, cancellationToken) => WithOperationsAsync(parse.GetValue(bootstrap)!, parse.GetValue(timeout), async (operations, _) =>
        {
            ControlCommand request;
            try
            {
                request = await operations.RequestRollbackAsync(parse.GetValue(run)!, parse.GetValue(to)!, $"{Environment.UserName}@{Environment.MachineName}", cancellationToken);
            }
            catch (RollbackException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Failure;
            }

            await Console.Out.WriteLineAsync($"Requested rollback {request.Id} of {request.RunId} to {(request.ToStep is { } step ? $"step {step}" : "its last good step")} (agent {request.Agent}).");
            if (parse.GetValue(wait) <= 0)
            {
                return ExitCodes.Success;
            }

            var done = await operations.WaitForRollbackAsync(request, TimeSpan.FromSeconds(parse.GetValue(wait)), cancellationToken);
            if (done is null)
            {
                await Console.Error.WriteLineAsync($"error: no worker of agent {request.Agent} applied the rollback within {parse.GetValue(wait)} s. Is one running? The command stays on the control topic and is applied when one starts.");
                return ExitCodes.Failure;
            }

            await Console.Out.WriteLineAsync(Describe(done));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<int> WithOperationsAsync(string bootstrap, int timeoutMs, Func<RunOperations, IServiceProvider, Task<int>> work)
    {
        using var host = await KafkaConnection.TryBuildHostAsync(bootstrap, timeoutMs, CheckpointHost.Register);
        if (host is null)
        {
            return ExitCodes.InvalidArguments;
        }

        try
        {
            return await work(host.Services.GetRequiredService<RunOperations>(), host.Services);
        }
        catch (Exception ex) when (ex is KafkaOperationException or Confluent.Kafka.KafkaException or TimeoutException or InvalidOperationException or DependencyUnavailableException)
        {
            return await KafkaConnection.ReportAsync(ex is KafkaOperationException ? ex : new KafkaOperationException(ex.Message, ex), bootstrap);
        }
    }

    // What the executor recorded for the run's actions (its ledger), so each action shows whether it took effect and where.
    private static Dictionary<string, LedgerEntry> Outcomes(IServiceProvider services, string runId, CancellationToken cancellationToken) =>
        LedgerReader.ForRun(services.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value, services.GetRequiredService<IOptions<AmbientTopics>>().Value.ActionResults,
            runId, cancellationToken);

    /// <summary>
    /// A run as an operator reads it: head, then every step with its status, timing, model calls, actions (with the
    /// executor's outcome from <paramref name="outcomes"/>, when given) and state size.
    /// </summary>
    internal static string Describe(RunJournal run, IReadOnlyDictionary<string, LedgerEntry>? outcomes = null)
    {
        var output = new StringBuilder();
        var head = run.Head;
        var first = run.Steps.FirstOrDefault();
        var input = head?.Input ?? first?.Input;
        output.AppendLine(CultureInfo.InvariantCulture, $"Run {run.RunId}");
        output.AppendLine(CultureInfo.InvariantCulture, $"  agent    {head?.Agent ?? first?.Agent} (version {head?.AgentVersion ?? first?.AgentVersion})");
        output.AppendLine(CultureInfo.InvariantCulture, $"  status   {run.Status ?? "unknown"}{(head?.Outcome is { } outcome ? $" ({outcome})" : string.Empty)}");
        output.AppendLine(CultureInfo.InvariantCulture, $"  event    {input?.EventId} {input?.EventType} at {input?.Topic}/{input?.Partition}@{input?.Offset}");
        if ((head?.ReplayOf ?? first?.ReplayOf) is { } original)
        {
            output.AppendLine(CultureInfo.InvariantCulture, $"  replays  {original}");
        }

        var tokens = run.Chain().SelectMany(s => s.Exchanges).Sum(e => e.InputTokens + e.OutputTokens);
        output.AppendLine(CultureInfo.InvariantCulture, $"  tokens   {tokens} on the current chain");
        output.AppendLine("  steps");
        foreach (var step in run.Steps)
        {
            var millis = (step.FinishedAt - step.StartedAt).TotalMilliseconds;
            output.AppendLine(CultureInfo.InvariantCulture,
                $"    {step.StepIndex,3} {step.StepName,-9} {step.Status,-12} parent {(step.Parent?.ToString(CultureInfo.InvariantCulture) ?? "-"),-3} {millis,8:F1} ms  state {step.State.Utf8.Length} B{(step.Note is { } note ? $"  {note}" : string.Empty)}");
            foreach (var exchange in step.Exchanges)
            {
                output.AppendLine(CultureInfo.InvariantCulture, $"          model {exchange.Model}: {exchange.RequestSummary}; {exchange.InputTokens} in / {exchange.OutputTokens} out");
            }

            foreach (var action in step.Actions)
            {
                output.AppendLine(CultureInfo.InvariantCulture, $"          action {action.Id} {action.Target} {action.Operation} {action.Arguments.GetRawText()}");
                if (outcomes is not null)
                {
                    output.AppendLine(CultureInfo.InvariantCulture, $"            -> {Outcome(outcomes.GetValueOrDefault(action.Id))}");
                }
            }
        }

        if (run.Current is { } current)
        {
            output.AppendLine(CultureInfo.InvariantCulture, $"  state after step {current.StepIndex}: {ConversationSummary(current)}");
        }

        return output.ToString().TrimEnd();
    }

    private static string Outcome(LedgerEntry? entry) => entry switch
    {
        null => "not executed yet",
        { State: LedgerStates.Applied } => $"applied {entry.ExternalId}{(entry.Link is { } link ? $" {link}" : string.Empty)}",
        { State: LedgerStates.Started } => "started (the executor is applying it or will reconcile it)",
        _ => $"{entry.State}{(entry.Retryable ? " (retryable)" : string.Empty)}: {entry.Reason}",
    };

    private static string ConversationSummary(Checkpoint step)
    {
        var text = step.State.ToString();
        return text.Length <= 400 ? text : $"{text[..400]}… ({text.Length} bytes)";
    }
}
