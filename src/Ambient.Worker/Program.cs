using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddAmbientDefaults();
builder.AddAmbientWorker();
await builder.Build().RunAsync();
