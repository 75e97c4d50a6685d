using Ambient.Bench;
using Ambient.Bench.Measurements;

using var allocations = AllocationSampler.FromEnvironment();
var exitCode = await BenchCommand.Create().Parse(args).InvokeAsync();
if (allocations is not null)
{
    await Console.Error.WriteLineAsync(allocations.Describe());
}

return exitCode;
