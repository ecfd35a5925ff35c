global using NUnit.Framework;
global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json;
global using System.Text.Json.Nodes;
global using Recovery.Api.Tests.Infrastructure;
global using Recovery.Debtors.Tests;

[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]
