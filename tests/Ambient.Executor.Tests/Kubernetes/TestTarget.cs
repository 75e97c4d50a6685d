using Ambient.Abstractions.Actions;
using Ambient.Executor.Targets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ambient.Executor.Tests.Kubernetes;

/// <summary>The Kubernetes target as the executor gets it: AddAmbientKubernetesTarget over in-memory configuration, resolved from DI.</summary>
internal sealed class TestTarget : IDisposable
{
    private readonly ServiceProvider _services;

    public TestTarget(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create("Ambient:Executors:Kubernetes:" + s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddAmbientKubernetesTarget(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Target = _services.GetServices<IActionTarget>().Single(target => target.Name == ActionTargets.Kubernetes);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 5, 10, 15, 30, TimeSpan.Zero));

    public IActionTarget Target { get; }

    public static TestTarget For(string url, string timeout = "00:00:30") => new(("Url", url), ("Timeout", timeout));

    public Task<TargetOutcome> ApplyAsync(ActionRecord action, string? compensatedExternalId = null) =>
        Target.ApplyAsync(action, new ApplyContext(compensatedExternalId), TestContext.Current.CancellationToken);

    public Task<TargetOutcome?> FindAsync(ActionRecord action) => Target.FindAsync(action, ApplyContext.None, TestContext.Current.CancellationToken);

    public void Dispose() => _services.Dispose();
}
