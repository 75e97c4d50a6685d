using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ambient.Deployment.Tests;

/// <summary>
/// docker-compose.yml is valid as <c>docker compose config</c> would judge it (known keys, value types, references)
/// and consistent with the app: every Ambient variable is a configuration key, workers match the agents, Kafka addresses agree.
/// </summary>
public sealed partial class ComposeTests
{
    private static readonly string[] s_topLevelKeys = ["name", "services", "volumes", "networks", "configs", "secrets"];

    private static readonly string[] s_serviceKeys =
    [
        "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "volumes", "depends_on", "healthcheck",
        "restart", "profiles", "read_only", "tmpfs", "user", "networks", "labels", "working_dir", "deploy", "expose",
    ];

    [Fact]
    public void Compose_UsesOnlyKnownKeysWithValidValues()
    {
        var root = ComposeFile.Root;

        Assert.DoesNotContain(root, p => !p.Key.StartsWith("x-", StringComparison.Ordinal) && !s_topLevelKeys.Contains(p.Key));
        foreach (var (name, node) in ComposeFile.Services)
        {
            var service = node!.AsObject();
            Assert.True(service.All(p => s_serviceKeys.Contains(p.Key)), $"{name}: unknown keys {string.Join(", ", service.Select(p => p.Key).Except(s_serviceKeys))}");
            Assert.True(service.ContainsKey("image") || service.ContainsKey("build"), $"{name} has neither image nor build");
            Assert.All(ComposeFile.Environment(service), variable => Assert.True(
                variable.Value is null || variable.Value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number,
                $"{name}: {variable.Key} must be a string or number (quote booleans)"));
            Assert.All((service["ports"] as JsonArray ?? []).Select(p => p!.GetValue<string>()), port => Assert.Matches(@"^(127\.0\.0\.1:)?\d+:\d+$", port));
            Assert.All(ComposeFile.Profiles(service), profile => Assert.Matches("^[a-z][a-z0-9_-]*$", profile));
        }
    }

    [Fact]
    public void Compose_ReferencesResolve()
    {
        var services = ComposeFile.Services;
        var volumes = ComposeFile.Root["volumes"]?.AsObject() ?? [];

        foreach (var (name, node) in services)
        {
            var service = node!.AsObject();
            var dependencies = service["depends_on"] switch
            {
                JsonObject map => map.Select(p => p.Key),
                JsonArray list => list.Select(d => d!.GetValue<string>()),
                _ => [],
            };
            foreach (var dependency in dependencies)
            {
                Assert.True(services.ContainsKey(dependency), $"{name} depends on unknown service {dependency}");
                Assert.True(!ComposeFile.Profiles(services[dependency]!.AsObject()).Any()
                    || ComposeFile.Profiles(services[dependency]!.AsObject()).Intersect(ComposeFile.Profiles(service)).Any(),
                    $"{name} depends on {dependency}, which only starts under a profile {name} is not in");
            }

            foreach (var mount in (service["volumes"] as JsonArray ?? []).Select(v => v!.GetValue<string>().Split(':')[0]))
            {
                Assert.True(mount.StartsWith("./", StringComparison.Ordinal)
                    ? Path.Exists(RepositoryFiles.PathOf(mount[2..]))
                    : volumes.ContainsKey(mount), $"{name}: volume {mount} is neither a repository path nor a declared volume");
            }

            if (service["build"] is JsonObject build)
            {
                Assert.True(File.Exists(RepositoryFiles.PathOf(build["dockerfile"]!.GetValue<string>())), $"{name}: no {build["dockerfile"]}");
            }
        }
    }

    [Fact]
    public void Compose_InterpolationsAreWellFormed()
    {
        var text = File.ReadAllText(RepositoryFiles.PathOf("docker-compose.yml"));

        var placeholders = Placeholder().Matches(text).Select(m => m.Value).ToList();

        Assert.NotEmpty(placeholders);
        Assert.All(placeholders, p => Assert.Matches(@"^\$\{[A-Z_][A-Z0-9_]*(:?[-?][^}]*)?\}$", p));
    }

    [Fact]
    public void Compose_AmbientServicesUseRealConfigurationKeys()
    {
        var ambient = ComposeFile.Services.Where(s => s.Value!["image"]?.GetValue<string>().StartsWith("ambient/", StringComparison.Ordinal) == true).ToList();

        var problems = ambient.SelectMany(s => ComposeFile.Environment(s.Value!.AsObject()).Select(v => ConfigurationKeys.Problem(v.Key))).OfType<string>();

        Assert.Equal(["console", "executor", "gateway", "topics-init", "worker-github-triage", "worker-incident-responder", "worker-slack-helper", "worker-weekly-digest"], ambient.Select(s => s.Key).Order());
        Assert.Empty(problems);
    }

    [Fact]
    public void Compose_RunsOneWorkerPerSampleAgentOnTheKafkaContainersListener()
    {
        var kafka = ComposeFile.Service("kafka");
        var advertised = ComposeFile.Environment(kafka)["KAFKA_ADVERTISED_LISTENERS"]!.GetValue<string>();
        var internalAddress = advertised.Split(',').Single(l => l.StartsWith("INTERNAL://", StringComparison.Ordinal))["INTERNAL://".Length..];

        var workers = ComposeFile.Services.Where(s => ComposeFile.Environment(s.Value!.AsObject()).ContainsKey("Ambient__Worker__Agents__0")).ToList();

        Assert.StartsWith("apache/kafka:", kafka["image"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("controller", ComposeFile.Environment(kafka)["KAFKA_PROCESS_ROLES"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(AgentFiles.All.Select(a => a.Name).Order(), workers.Select(w => ComposeFile.Environment(w.Value!.AsObject())["Ambient__Worker__Agents__0"]!.GetValue<string>()).Order());
        Assert.All(ComposeFile.Services.Where(s => ComposeFile.Environment(s.Value!.AsObject()).ContainsKey("Ambient__Kafka__BootstrapServers")),
            s => Assert.Equal(internalAddress, ComposeFile.Environment(s.Value!.AsObject())["Ambient__Kafka__BootstrapServers"]!.GetValue<string>()));
        Assert.Equal(["kafka:19092"], ComposeFile.Service("topics-init")["command"]!.AsArray().Skip(3).Select(a => a!.GetValue<string>()));
    }

    /// <summary>The executor applies nothing unless told: every target's mode defaults to dry-run, tokens come from the environment.</summary>
    [Fact]
    public void Compose_ExecutorIsDryRunUnlessToldAndTakesTokensFromTheEnvironment()
    {
        var environment = ComposeFile.Environment(ComposeFile.Service("executor"));

        Assert.All(new[] { "GitHub", "Slack", "Kubernetes" }, target => Assert.Matches(@"^\$\{[A-Z_]+:-dry-run\}$", environment[$"Ambient__Executors__{target}__Mode"]!.GetValue<string>()));
        Assert.Matches(@"^\$\{[A-Z_]+:-\}$", environment["Ambient__Executors__GitHub__Token"]!.GetValue<string>());
        Assert.Matches(@"^\$\{[A-Z_]+:-\}$", environment["Ambient__Executors__Slack__BotToken"]!.GetValue<string>());
        Assert.Equal("8080", environment["Ambient__Executors__Health__Port"]!.GetValue<string>());
    }

    /// <summary>
    /// The console is internal-facing: published on the host's loopback only, read-only, started after the topics, and
    /// given a token of the length it requires (a placeholder unless AMBIENT_CONSOLE_TOKEN is set, so compose still starts).
    /// </summary>
    [Fact]
    public void Compose_ConsoleIsOnLoopbackOnlyWithAToken()
    {
        var console = ComposeFile.Service("console");
        var token = ComposeFile.Environment(console)["Ambient__Console__Token"]!.GetValue<string>();
        var placeholder = Regex.Match(token, @"^\$\{AMBIENT_CONSOLE_TOKEN:-(?<default>[^}]+)\}$");

        Assert.Equal(["127.0.0.1:8090:8080"], console["ports"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("8080", ComposeFile.Environment(console)["ASPNETCORE_HTTP_PORTS"]!.GetValue<string>());
        Assert.True(console["read_only"]!.GetValue<bool>());
        Assert.Equal(["/tmp"], console["tmpfs"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("service_completed_successfully", console["depends_on"]!["topics-init"]!["condition"]!.GetValue<string>());
        Assert.True(placeholder.Success, token);
        Assert.Empty(new Ambient.Supervisor.Security.ConsoleOptions { Token = placeholder.Groups["default"].Value }.Problems());
    }

    [Fact]
    public void Compose_OptionalServicesSitBehindTheirProfiles()
    {
        Assert.Equal(["llm"], ComposeFile.Profiles(ComposeFile.Service("ollama")));
        Assert.Equal(["observability"], ComposeFile.Profiles(ComposeFile.Service("otel-collector")));
        Assert.Equal(["observability"], ComposeFile.Profiles(ComposeFile.Service("jaeger")));
        Assert.Empty(ComposeFile.Profiles(ComposeFile.Service("apicurio-registry")));
    }

    [Theory]
    [InlineData("docker/worker.Dockerfile", "src/Ambient.Worker/Ambient.Worker.csproj", "Ambient.Worker.dll", "aspnet")] // Kestrel serves its probes (Ambient.Hosting)
    [InlineData("docker/executor.Dockerfile", "src/Ambient.Executor/Ambient.Executor.csproj", "Ambient.Executor.dll", "aspnet")] // Kestrel serves its probes too
    [InlineData("docker/gateway.Dockerfile", "src/Ambient.Gateway/Ambient.Gateway.csproj", "Ambient.Gateway.dll", "aspnet")]
    [InlineData("docker/cli.Dockerfile", "src/Ambient.Cli/Ambient.Cli.csproj", "ambient.dll", "aspnet")]
    [InlineData("docker/console.Dockerfile", "src/Ambient.Console/Ambient.Console.csproj", "Ambient.Console.dll", "aspnet")]
    public void Dockerfile_IsMultiStageNonRootOnASmallRuntime(string dockerfile, string project, string entryDll, string runtime)
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf(dockerfile)).Where(l => !l.StartsWith('#') && l.Trim().Length > 0).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        var final = lines.SkipWhile(l => l != stages[^1]).ToList();

        Assert.Equal(2, stages.Count);
        Assert.Contains("/dotnet/sdk:10.0", stages[0], StringComparison.Ordinal);
        Assert.Matches($@"^FROM mcr\.microsoft\.com/dotnet/{runtime}:10\.0-[a-z]+-chiseled AS final$", stages[1]);
        Assert.Contains(lines, l => l.Contains($"dotnet publish {project}", StringComparison.Ordinal));
        Assert.Contains("USER $APP_UID", final);
        Assert.Equal($"ENTRYPOINT [\"dotnet\", \"{entryDll}\"]", final[^1]);
        if (File.Exists(RepositoryFiles.PathOf(project)))
        {
            var assemblyName = Regex.Match(File.ReadAllText(RepositoryFiles.PathOf(project)), "<AssemblyName>(.+)</AssemblyName>") is { Success: true } m
                ? m.Groups[1].Value : Path.GetFileNameWithoutExtension(project);
            Assert.Equal($"{assemblyName}.dll", entryDll);
        }
    }

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex Placeholder();
}
