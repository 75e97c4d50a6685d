namespace Ambient.Executor.Tests;

/// <summary>The executor applies records; it never reasons: checked on the compiled assembly's references, as the worker's layers are.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Executor_UsesNeitherTheRunCoreNorAModel()
    {
        var references = typeof(AmbientExecutorServiceCollectionExtensions).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, r => r.StartsWith("Ambient.", StringComparison.Ordinal)
            && r is not ("Ambient.Abstractions" or "Ambient.Avro" or "Ambient.Governance" or "Ambient.Hosting" or "Ambient.Kafka" or "Ambient.Mcp"));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal) || r.StartsWith("OpenAI", StringComparison.Ordinal));
    }
}
