using Ambient.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Cli.Commands;

/// <summary>
/// What <c>ambient topics init</c> and <c>ambient up</c> do after creating the missing topics: check the topics as a
/// worker needs them and, when asked, repair what can be repaired without losing a record.
/// </summary>
internal static class TopicLayoutChecks
{
    /// <summary>
    /// Checks <paramref name="requirements"/>, repairs when <paramref name="repair"/>, and prints what it found and did.
    /// Returns null when the topics are as needed, else the exit code (the error is printed, with <paramref name="repairCommand"/>).
    /// </summary>
    public static async Task<int?> CheckAsync(IServiceProvider services, TopicRequirements requirements, bool repair, string repairCommand, CancellationToken cancellationToken)
    {
        var validator = services.GetRequiredService<TopicLayoutValidator>();
        var report = await validator.CheckAsync(requirements, cancellationToken);
        if (repair && !report.IsValid)
        {
            foreach (var done in await services.GetRequiredService<TopicLayoutRepairer>().RepairAsync(report, cancellationToken))
            {
                await Console.Out.WriteLineAsync($"{(done.Repaired ? "repaired" : "NOT repaired"),-12} {done.Topic}: {done.What}");
            }

            report = await validator.CheckAsync(requirements, cancellationToken);
        }

        foreach (var warning in report.Warnings)
        {
            await Console.Error.WriteLineAsync($"warning: {warning}");
        }

        if (report.IsValid)
        {
            return null;
        }

        await Console.Error.WriteLineAsync($"error: {report.Describe(repairCommand)}");
        return ExitCodes.InvalidTopicLayout;
    }
}
