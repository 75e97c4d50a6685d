using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ambient.Governance.Approvals;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient approvals list|show|approve|deny</c>: the requests runs parked on for a human (red tool calls), read from
/// the approvals topic, and the answers that drive those runs on. An answer is checked against the request as the
/// topic holds it and refused when it is no longer pending, expired, or lost a race with another answer.
/// </summary>
internal static class ApprovalsCommand
{
    private static readonly JsonSerializerOptions s_indented = new(ApprovalJson.Options) { WriteIndented = true };

    public static Command Create() => new("approvals", "Human approvals of red actions: list what waits, show one, approve or deny it (docs/governance.md).")
    {
        List(), Show(), Answer(approve: true), Answer(approve: false),
    };

    private static Command List()
    {
        var all = new Option<bool>("--all") { Description = "Answered, expired and superseded requests too (the history), not only pending ones." };
        var agent = new Option<string?>("--agent") { Description = "Only this agent's requests." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of requests: id, runId, agent, tool, arguments, status, expiresAt, approvers, rule, answeredBy, ..." };
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var command = new Command("list", "The requests waiting for an answer, newest first.") { all, agent, json, bootstrap, timeout };
        command.SetAction((parse, cancellationToken) => KafkaConnection.WithHostAsync(parse.GetValue(bootstrap)!, parse.GetValue(timeout), async host =>
        {
            var (showAll, only) = (parse.GetValue(all), parse.GetValue(agent));
            var requests = (await ReadAsync(host, cancellationToken)).All().Where(r => (showAll || r.IsPending) && (only is null || r.Agent == only)).ToList();
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(requests, ApprovalJson.Options));
                return ExitCodes.Success;
            }

            await Console.Out.WriteLineAsync($"{requests.Count} {(showAll ? "requests" : "pending requests")}{(only is null ? "" : $" of agent {only}")}");
            foreach (var request in requests)
            {
                var until = request.IsPending ? $"until {Time(request.ExpiresAt)}" : $"{request.AnsweredBy} {Time(request.AnsweredAt ?? request.RequestedAt)}";
                await Console.Out.WriteLineAsync($"  {request.Id}  {request.Status,-10} {request.Agent,-20} {request.Tool,-32} {until}  {Cut(request.Arguments.GetRawText(), 60)}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The approval id (apr-...)." };
        var json = new Option<bool>("--json") { Description = "Print the request as JSON." };
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var command = new Command("show", "One request whole: the run, the call and its arguments, the agent's reasoning, the rule, the approvers, the answer.")
        {
            id, json, bootstrap, timeout,
        };
        command.SetAction((parse, cancellationToken) => KafkaConnection.WithHostAsync(parse.GetValue(bootstrap)!, parse.GetValue(timeout), async host =>
        {
            try
            {
                var request = await Desk(host).FindAsync(parse.GetValue(id)!, cancellationToken);
                await Console.Out.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(request, s_indented) : Describe(request));
                return ExitCodes.Success;
            }
            catch (ApprovalRefusedException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Refused;
            }
        }));
        return command;
    }

    private static Command Answer(bool approve)
    {
        var id = new Argument<string>("id") { Description = "The approval id (apr-...)." };
        var reason = new Option<string?>("--reason") { Description = approve ? "Why (recorded in the audit)." : "Why not: the agent's model reads it as the tool's result." };
        var by = new Option<string?>("--as") { Description = "Who answers, if not the OS user (an approver's name as the rule lists it)." };
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var command = new Command(approve ? "approve" : "deny", approve
            ? "Approve a request: its run goes on and the action is proposed, carrying the approval."
            : "Deny a request: its run goes on without the action, and the model reads the reason.")
        {
            id, reason, by, bootstrap, timeout,
        };
        command.SetAction((parse, cancellationToken) => KafkaConnection.WithHostAsync(parse.GetValue(bootstrap)!, parse.GetValue(timeout), async host =>
        {
            var who = parse.GetValue(by) is { Length: > 0 } name ? name : Environment.UserName;
            try
            {
                var answered = await Desk(host).AnswerAsync(parse.GetValue(id)!, new ApprovalAnswer(approve, who, parse.GetValue(reason), "cli", ApproverRequired: false), cancellationToken);
                await Console.Out.WriteLineAsync($"{answered.Status} {answered.Id} (agent {answered.Agent}, run {answered.RunId}, {answered.Tool}) as {who}; the run goes on");
                if (answered.Override)
                {
                    await Console.Out.WriteLineAsync($"  recorded as an override: {who} is not among the rule's approvers ({string.Join(", ", answered.Approvers)})");
                }

                return ExitCodes.Success;
            }
            catch (ApprovalRefusedException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Refused;
            }
        }));
        return command;
    }

    private static ApprovalDesk Desk(IHost host)
    {
        var topic = host.Services.GetRequiredService<IOptions<AmbientTopics>>().Value.Approvals;
        var kafka = host.Services.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value;
        return new ApprovalDesk(new TopicApprovalSource(kafka, topic), new ApprovalWriter(host.Services.GetRequiredService<KafkaRecordPublisher>(), topic), TimeProvider.System);
    }

    private static Task<ApprovalBook> ReadAsync(IHost host, CancellationToken cancellationToken) =>
        ApprovalBook.ReadAsync(host.Services.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value,
            host.Services.GetRequiredService<IOptions<AmbientTopics>>().Value.Approvals, cancellationToken);

    private static string Describe(ApprovalRecord request)
    {
        var lines = new List<string>
        {
            $"{request.Id}  {request.Status}",
            $"  agent      {request.Agent}",
            $"  run        {request.RunId} (event {request.Input.EventId}, {request.Input.EventType})",
            $"  tool       {request.Tool}",
            $"  arguments  {JsonSerializer.Serialize(request.Arguments, s_indented).Replace("\n", "\n             ", StringComparison.Ordinal)}",
            $"  reasoning  {request.Reasoning ?? "(the model said nothing with the call)"}",
            $"  rule       {request.Rule ?? "(default)"} of policy {request.Policy}: {request.Reason}",
            $"  approvers  {string.Join(", ", request.Approvers)}",
            $"  requested  {Time(request.RequestedAt)}, expires {Time(request.ExpiresAt)} (then: {(request.OnExpiry == ApprovalStatus.Approved ? "allowed" : "denied")})",
        };
        if (!request.IsPending)
        {
            lines.Add($"  answer     {request.Status} by {request.AnsweredBy} at {Time(request.AnsweredAt ?? request.RequestedAt)} via {request.AnsweredVia}"
                + (request.Override ? " (override: not among the approvers)" : "") + (request.AnswerReason is { } why ? $": {why}" : ""));
        }

        return string.Join('\n', lines);
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
