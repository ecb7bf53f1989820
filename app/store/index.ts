import { openDatabase, type OpenOptions, type SqliteDatabase } from './database';
import { ImportsRepository } from './imports';
import { InventoryRepository } from './inventory';
import { ItemsRepository } from './items';
import { ClassicalPoliciesRepository, DemandModelsRepository } from './models';
import { PurchaseOrdersRepository } from './orders';
import { OutcomesRepository } from './outcomes';
import { TrainingRepository } from './training';
import { PlansRepository } from './plans';
import { SalesRepository } from './sales';
import { SettingsRepository } from './settings';
import { SuppliersRepository } from './suppliers';

/**
 * The one typed interface to the database. Only `app/store` writes SQL; everything else asks
 * these repositories. All statements use bound parameters.
 */
export class Store {
  readonly items: ItemsRepository;
  readonly sales: SalesRepository;
  readonly imports: ImportsRepository;
  readonly inventory: InventoryRepository;
  readonly plans: PlansRepository;
  readonly purchaseOrders: PurchaseOrdersRepository;
  readonly demandModels: DemandModelsRepository;
  readonly classicalPolicies: ClassicalPoliciesRepository;
  readonly training: TrainingRepository;
  readonly settings: SettingsRepository;
  readonly outcomes: OutcomesRepository;
  readonly suppliers: SuppliersRepository;

  constructor(
    readonly db: SqliteDatabase,
    readonly path: string,
  ) {
    this.items = new ItemsRepository(db);
    this.sales = new SalesRepository(db);
    this.imports = new ImportsRepository(db);
    this.inventory = new InventoryRepository(db);
    this.plans = new PlansRepository(db);
    this.purchaseOrders = new PurchaseOrdersRepository(db);
    this.demandModels = new DemandModelsRepository(db);
    this.classicalPolicies = new ClassicalPoliciesRepository(db);
    this.training = new TrainingRepository(db);
    this.settings = new SettingsRepository(db);
    this.outcomes = new OutcomesRepository(db);
    this.suppliers = new SuppliersRepository(db);
  }

  /** Run `work` in one immediate transaction (synchronous work only). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /**
   * A transaction that spans awaits (a streaming import). Only safe on a connection nobody else
   * uses meanwhile — imports run on their own connection in a worker thread or in the CLI.
   */
  async asyncTransaction<T>(work: () => Promise<T>): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function openStore(path: string, options?: OpenOptions): Store {
  return new Store(openDatabase(path, options), path);
}

export { latestSchemaVersion, schemaVersion } from './database';
export type * from './items';
export type * from './sales';
export type * from './imports';
export type * from './inventory';
export type * from './plans';
export type * from './orders';
export type * from './models';
export type * from './training';
export type { Settings } from './settings';
export type * from './outcomes';
export type * from './suppliers';
