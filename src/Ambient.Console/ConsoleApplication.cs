using Ambient.Abstractions.Processing;
using Ambient.Governance.Approvals;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Options;
using Ambient.Abstractions.Checkpoints;
using Ambient.Kafka.Checkpoints;
using Ambient.Kafka.Reading;
using Ambient.Supervisor.Agents;
using Ambient.Supervisor.Audit;
using Ambient.Supervisor.Overview;
using Ambient.Supervisor.Pages;
using Ambient.Supervisor.Runs;
using Ambient.Supervisor.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ambient.Supervisor;

/// <summary>The console as a ready-to-run web application, for its own <c>Program</c>, <c>ambient up</c> and tests.</summary>
public static class ConsoleApplication
{
    /// <summary>The console's service name in telemetry and its host's application name.</summary>
    public const string ApplicationName = "ambient-console";

    /// <summary>A Kestrel application listening on <paramref name="urls"/>, with <paramref name="settings"/> over environment variables.</summary>
    /// <exception cref="InvalidOperationException">A console setting is invalid; the message names the key.</exception>
    public static WebApplication Create(string urls, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = ApplicationName });
        builder.WebHost.UseUrls(urls);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        return Build(builder);
    }

    /// <summary>The console on <paramref name="builder"/>, which says where it listens.</summary>
    /// <exception cref="InvalidOperationException">A console setting is invalid; the message names the key.</exception>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(ConsoleOptions.SectionName).Get<ConsoleOptions>() ?? new ConsoleOptions();
        if (options.Problems().ToList() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        builder.AddAmbientDefaults();
        builder.Services.AddConsoleHealth();
        builder.AddAmbientKafka();
        builder.Services.AddAmbientAvro(builder.Configuration);
        builder.Services.TryAddSingleton(options);
        builder.Services.AddConsoleAuthentication(options);
        // Pauses (the kill switch) live on the governance topic, followed as every worker follows them.
        builder.Services.AddAmbientGovernance();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConsoleAudit>();
        // The views: each compacted topic read whole at start and followed; no database.
        AddView<RunBoard>(builder.Services);
        AddView<AgentCardBoard>(builder.Services);
        AddView<BudgetBoard>(builder.Services);
        AddView<LagSampler>(builder.Services);
        AddView<PolicyHistory>(builder.Services);
        // A run's page reads the run whole when asked for, as `ambient runs show` does.
        builder.Services.TryAddSingleton<ICheckpointLog, KafkaCheckpointLog>();
        builder.Services.TryAddSingleton<EventReader>();
        builder.Services.AddSingleton<RunDetails>();
        builder.Services.TryAddSingleton(provider => new ApprovalDesk(provider.GetRequiredService<ApprovalView>(),
            new ApprovalWriter(provider.GetRequiredService<IRecordPublisher>(), provider.GetRequiredService<IOptions<AmbientTopics>>().Value.Approvals),
            provider.GetRequiredService<TimeProvider>()));
        var app = builder.Build();
        app.MapConsoleHealth();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapSignIn();
        app.MapOverviewPage();
        app.MapRunPages();
        app.MapRunDetailPage();
        app.MapApprovalPages();
        app.MapPolicyPages();
        app.MapAgentPages();
        return app;
    }

    // One instance, both read by the pages and run by the host.
    private static void AddView<TView>(IServiceCollection services)
        where TView : class, IHostedService
    {
        services.AddSingleton<TView>();
        services.AddHostedService(provider => provider.GetRequiredService<TView>());
    }
}
