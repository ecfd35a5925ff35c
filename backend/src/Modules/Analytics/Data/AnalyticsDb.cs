using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;

namespace Recovery.Analytics.Data;

internal sealed class AnalyticsDb(Database database, UnitOfWork unitOfWork, OutboxSignal signal) : ModuleDb(database, unitOfWork, signal)
{
    public const string Name = "analytics";
    public override string Schema => Name;
}
