using Ambient.Executor;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddAmbientDefaults();
builder.AddAmbientExecutor();
await builder.Build().RunAsync();
