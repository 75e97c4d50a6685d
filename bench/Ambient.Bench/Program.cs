using Ambient.Bench;

return await BenchCommand.Create().Parse(args).InvokeAsync();
