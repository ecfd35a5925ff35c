// The namespaces every slice of this module uses: a request, its validator, handler and endpoint, and the audit.
global using FluentValidation;
global using MediatR;
global using Microsoft.AspNetCore.Builder;
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Routing;
global using Recovery.BuildingBlocks.Audit;
global using Recovery.BuildingBlocks.Errors;
global using Recovery.BuildingBlocks.Mediation;
global using Recovery.BuildingBlocks.Security;
