# The action executor. Build from the repository root: docker build -f docker/executor.Dockerfile -t ambient/executor:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props BannedSymbols.txt ./
# Ambient.Avro embeds the schemas from schemas/ (without them the image would fail at its first record).
COPY schemas/ schemas/
COPY src/ src/
RUN dotnet publish src/Ambient.Executor/Ambient.Executor.csproj -c Release -o /app /p:UseAppHost=false

# Chiseled ASP.NET Core runtime: no shell, no package manager, runs as the non-root "app" user (uid 1654). ASP.NET Core
# because /healthz and /readyz are served by Kestrel (Ambient.Hosting) on Ambient__Executors__Health__Port only; the
# ASPNETCORE_HTTP_PORTS=8080 this base image sets is not read by the executor. Every target is dry-run unless
# Ambient__Executors__<Target>__Mode=apply.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
COPY --from=build /app .
ENV Ambient__Executors__Health__Port=8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Ambient.Executor.dll"]
