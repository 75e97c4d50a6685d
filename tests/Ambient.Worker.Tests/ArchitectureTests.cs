using System.Reflection;

namespace Ambient.Worker.Tests;

/// <summary>
/// Dependencies point inward (docs/architecture.md), checked on the compiled assemblies: what each one's IL actually
/// references, so a stray type from the wrong layer fails here even when a project reference makes it compile.
/// </summary>
public sealed class ArchitectureTests
{
    public static TheoryData<string, string[], string[]> Rules => new()
    {
        // assembly, the Ambient assemblies it may use, package prefixes it must not use
        { "Ambient.Abstractions", [], ["Confluent", "Microsoft.SemanticKernel", "Avro", "Microsoft.AspNetCore", "OpenAI", "ModelContextProtocol"] },
        { "Ambient.Llm", ["Ambient.Abstractions"], ["Confluent", "Avro", "Microsoft.AspNetCore", "ModelContextProtocol"] },
        { "Ambient.Runtime", ["Ambient.Abstractions", "Ambient.Llm"], ["Confluent", "Microsoft.SemanticKernel", "OpenAI", "Avro", "Microsoft.AspNetCore", "ModelContextProtocol", "Octokit", "KubernetesClient"] },
        { "Ambient.Tools", ["Ambient.Abstractions"], ["Confluent", "Microsoft.SemanticKernel", "Avro", "ModelContextProtocol"] },
        { "Ambient.Mcp", ["Ambient.Abstractions"], ["Confluent", "Microsoft.SemanticKernel", "Avro", "Octokit", "KubernetesClient"] },
        { "Ambient.Kafka", ["Ambient.Abstractions"], ["Microsoft.SemanticKernel", "Avro", "ModelContextProtocol"] },
        // Policies are judged the same in the worker, the executor and the CLI: no run core, no model, no transport of its own.
        { "Ambient.Governance", ["Ambient.Abstractions", "Ambient.Kafka"], ["Microsoft.SemanticKernel", "OpenAI", "Avro", "ModelContextProtocol", "Octokit", "KubernetesClient"] },
        // The A2A transport speaks to runs through ports in Abstractions, so the gateway can use it without the runtime.
        { "Ambient.A2a", ["Ambient.Abstractions", "Ambient.Avro", "Ambient.Kafka"], ["Microsoft.SemanticKernel", "OpenAI", "ModelContextProtocol"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Assembly_UsesOnlyWhatItsLayerMay(string name, string[] allowedAmbient, string[] forbiddenPrefixes)
    {
        var references = Assembly.Load(name).GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, r => r.StartsWith("Ambient.", StringComparison.Ordinal) && !allowedAmbient.Contains(r));
        Assert.DoesNotContain(references, r => forbiddenPrefixes.Any(p => r.StartsWith(p, StringComparison.Ordinal)));
    }

    [Fact]
    public void SemanticKernel_IsUsedOnlyByTheLlmAdapter()
    {
        var users = new[] { "Ambient.Abstractions", "Ambient.Llm", "Ambient.Runtime", "Ambient.Tools", "Ambient.Mcp", "Ambient.Kafka", "Ambient.A2a", "Ambient.Governance", "Ambient.Worker" }
            .Where(name => Assembly.Load(name).GetReferencedAssemblies().Any(r => r.Name!.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal)));

        Assert.Equal(["Ambient.Llm"], users);
    }
}
