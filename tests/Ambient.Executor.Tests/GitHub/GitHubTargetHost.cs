using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Executor.Targets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Executor.Tests.GitHub;

/// <summary>The GitHub target as the executor gets it: AddAmbientGitHubTarget over in-memory configuration, resolved from DI.</summary>
internal sealed class GitHubTargetHost : IDisposable
{
    public const string Token = "ghs_executor_token_123";

    private readonly ServiceProvider _services;

    public GitHubTargetHost(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        _services = new ServiceCollection().AddAmbientGitHubTarget(configuration).BuildServiceProvider();
    }

    /// <summary>A host whose target talks to <paramref name="url"/> with <see cref="Token"/>.</summary>
    public static GitHubTargetHost For(string url, params (string Key, string? Value)[] settings) =>
        new([("Ambient:Executors:GitHub:BaseUrl", url), ("Ambient:Executors:GitHub:Token", Token), .. settings]);

    public IActionTarget Target => _services.GetServices<IActionTarget>().Single(target => target.Name == ActionTargets.GitHub);

    public IServiceProvider Services => _services;

    /// <summary>A record as the worker proposes it, its arguments given as an anonymous object.</summary>
    public static ActionRecord Action(string operation, object arguments, string id = "run-42/3/0") => new(
        id,
        "run-42",
        "triage",
        ActionTargets.GitHub,
        operation,
        JsonSerializer.SerializeToElement(arguments),
        "the issue reports a crash",
        "evt-1",
        "com.github.issues.opened",
        new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public Task<TargetOutcome> ApplyAsync(ActionRecord action, ApplyContext? context = null) =>
        Target.ApplyAsync(action, context ?? ApplyContext.None, TestContext.Current.CancellationToken);

    public Task<TargetOutcome?> FindAsync(ActionRecord action) =>
        Target.FindAsync(action, ApplyContext.None, TestContext.Current.CancellationToken);

    public void Dispose() => _services.Dispose();
}
