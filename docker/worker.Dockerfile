# The agent worker. Build from the repository root: docker build -f docker/worker.Dockerfile -t ambient/worker:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props BannedSymbols.txt ./
# Ambient.Avro embeds the schemas from schemas/ (without them the image would fail at its first record).
COPY schemas/ schemas/
COPY src/ src/
RUN dotnet publish src/Ambient.Worker/Ambient.Worker.csproj -c Release -o /app /p:UseAppHost=false

# Chiseled ASP.NET Core runtime: no shell, no package manager, runs as the non-root "app" user (uid 1654). ASP.NET Core
# because /healthz and /readyz are served by Kestrel (Ambient.Hosting) on Ambient__Worker__Health__Port only; the
# ASPNETCORE_HTTP_PORTS=8080 this base image sets is not read by the worker.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
COPY --from=build /app .
COPY agents/ /app/agents/
ENV Ambient__Worker__AgentsDirectory=/app/agents \
    Ambient__Worker__Health__Port=8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Ambient.Worker.dll"]
