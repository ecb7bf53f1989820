/**
 * Which column holds which field: detection from header text (any case, spacing, punctuation or
 * accents; synonyms in English, German, French, Spanish and Dutch), explicit mappings, and
 * detection of the record kind from the headers.
 */
import { parseDateValue } from './dates';
import type { ColumnMapping, RawCell, RecordKind } from './types';

export interface FieldSpec {
  required: boolean;
  synonyms: readonly string[];
  /** Another field whose column must be present when this one is (the value belongs to it). */
  needs?: string;
}

/** Lower case, accents removed, only letters and digits: "Qté." → "qte", "Invoice Date" → "invoicedate". */
export function normalizeHeader(header: string): string {
  return header.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ß/g, 'ss').replace(/[^a-z0-9]/g, '');
}

const ITEM = ['sku', 'item', 'itemcode', 'itemno', 'itemnr', 'itemnumber', 'itemid', 'article', 'articleno',
  'articlenumber', 'artikel', 'artikelnummer', 'artikelnr', 'artikelcode', 'stockcode', 'product', 'productcode',
  'productid', 'productno', 'productnumber', 'produkt', 'produktnummer', 'partnumber', 'partno', 'part', 'material',
  'materialnummer', 'materialnr', 'sachnummer', 'articulo', 'codigo', 'codigoarticulo', 'referencia', 'ref',
  'reference', 'produit', 'codearticle', 'codeproduit', 'refarticle', 'artikelnummer', 'productcode', 'code'];
const SALES_QUANTITY = ['qty', 'quantity', 'units', 'unitssold', 'qtysold', 'quantitysold', 'menge', 'anzahl',
  'stuck', 'stueck', 'stuckzahl', 'absatz', 'verkauf', 'verkaufsmenge', 'cantidad', 'unidades', 'unidadesvendidas',
  'quantite', 'qte', 'quantitevendue', 'aantal', 'hoeveelheid', 'verkocht', 'sold', 'sales', 'salesqty',
  'salesunits', 'demand', 'pieces', 'pcs'];
const DATE = ['date', 'datum', 'invoicedate', 'orderdate', 'salesdate', 'saledate', 'transactiondate', 'day',
  'belegdatum', 'rechnungsdatum', 'verkaufsdatum', 'tag', 'fecha', 'fechafactura', 'fechaventa', 'dia', 'jour',
  'datefacture', 'datevente', 'factuurdatum', 'verkoopdatum', 'dag', 'week', 'isoweek', 'woche', 'kalenderwoche',
  'kw', 'semaine', 'semana', 'period', 'periode', 'periodo'];
const LOCATION = ['location', 'store', 'warehouse', 'site', 'branch', 'shop', 'lager', 'lagerort', 'filiale',
  'standort', 'magasin', 'entrepot', 'almacen', 'tienda', 'sucursal', 'locatie', 'winkel', 'magazijn', 'vestiging'];
const UNIT_PRICE = ['unitprice', 'price', 'priceeach', 'sellingprice', 'salesprice', 'saleprice', 'preis',
  'einzelpreis', 'stuckpreis', 'verkaufspreis', 'prix', 'prixunitaire', 'prixdevente', 'precio', 'preciounitario',
  'preciodeventa', 'prijs', 'stukprijs', 'eenheidsprijs', 'verkoopprijs'];
const ORDER_NUMBER = ['invoiceno', 'invoice', 'invoicenumber', 'invoiceid', 'invoicenr', 'orderno', 'ordernumber',
  'orderid', 'order', 'ordernr', 'rechnungsnummer', 'rechnungsnr', 'rechnung', 'belegnummer', 'belegnr',
  'auftragsnummer', 'auftrag', 'factura', 'numerofactura', 'nfactura', 'pedido', 'numeropedido', 'facture',
  'numerofacture', 'nfacture', 'commande', 'factuurnummer', 'factuur', 'ordernummer', 'receipt', 'receiptno',
  'transactionid', 'transaction'];
const CUSTOMER = ['customer', 'customerid', 'customerno', 'customernumber', 'client', 'clientid', 'kunde',
  'kundennummer', 'kundennr', 'cliente', 'idcliente', 'klant', 'klantnummer', 'buyer'];
const DESCRIPTION = ['description', 'desc', 'itemdescription', 'productname', 'name', 'itemname',
  'productdescription', 'articlename', 'bezeichnung', 'beschreibung', 'artikelbezeichnung', 'artikelname',
  'descripcion', 'nombre', 'libelle', 'designation', 'nomproduit', 'omschrijving', 'naam', 'productnaam', 'title'];
/** A column that marks cancelled lines (used by the sales rules, not stored). */
const CANCELLED = ['cancelled', 'canceled', 'cancellation', 'iscancelled', 'void', 'storno', 'storniert',
  'annule', 'annulation', 'anulado', 'cancelado', 'geannuleerd'];
const SUPPLIER = ['supplier', 'vendor', 'suppliername', 'vendorname', 'supplierid', 'lieferant', 'hersteller',
  'fournisseur', 'proveedor', 'leverancier'];
const UNIT_COST = ['unitcost', 'cost', 'costprice', 'purchaseprice', 'buyprice', 'einkaufspreis', 'ekpreis', 'ek',
  'kosten', 'stuckkosten', 'coutunitaire', 'cout', 'prixdachat', 'costo', 'costounitario', 'preciodecompra',
  'inkoopprijs', 'kostprijs'];
const CURRENCY = ['currency', 'curr', 'ccy', 'wahrung', 'waehrung', 'devise', 'monnaie', 'moneda', 'divisa', 'valuta'];
const LEAD_TIME = ['leadtime', 'leadtimedays', 'leadtimed', 'lieferzeit', 'lieferzeittage', 'wiederbeschaffungszeit',
  'wbz', 'delai', 'delaidelivraison', 'delaidapprovisionnement', 'plazodeentrega', 'tiempodeentrega', 'levertijd'];
const LEAD_TIME_SPREAD = ['leadtimespread', 'leadtimespreaddays', 'leadtimestd', 'leadtimesd', 'leadtimestddev',
  'leadtimedeviation', 'leadtimevariability', 'lieferzeitstreuung', 'ecartdelai', 'desviacionplazo', 'levertijdspreiding'];
const MOQ = ['moq', 'minorder', 'minorderqty', 'minimumorder', 'minimumorderquantity', 'minqty', 'mindestbestellmenge',
  'mindestmenge', 'qtemin', 'quantiteminimale', 'minimumdecommande', 'pedidominimo', 'cantidadminima',
  'minimaleafname', 'minimumbestelhoeveelheid'];
const ORDER_MULTIPLE = ['ordermultiple', 'packsize', 'casepack', 'casesize', 'lotsize', 'multiple', 'roundingvalue',
  'verpackungseinheit', 've', 'packungsgrosse', 'colisage', 'multiplo', 'loteminimo', 'verpakkingseenheid'];
const HOLDING_RATE = ['holdingcostrate', 'holdingcost', 'holdingrate', 'carryingcost', 'carryingcostrate',
  'lagerkostensatz', 'lagerhaltungskostensatz', 'tauxdepossession', 'coutdestockage', 'costedealmacenamiento',
  'voorraadkosten'];
const STOCKOUT_PENALTY = ['stockoutpenalty', 'stockoutcost', 'shortagecost', 'penalty', 'lostsalescost',
  'fehlmengenkosten', 'coutderupture', 'costederotura', 'tekortkosten'];
const SERVICE_LEVEL = ['servicelevel', 'targetservicelevel', 'servicegrad', 'lieferbereitschaft', 'niveaudeservice',
  'tauxdeservice', 'niveldeservicio', 'serviceniveau'];
/**
 * The supplier's minimum order value, repeated on each item row of the supplier. Whole headers
 * only, so "Min order value" never clashes with MOQ's "Min order".
 */
const SUPPLIER_MIN_ORDER_VALUE = ['minordervalue', 'minimumordervalue', 'mov', 'supplierminimum', 'supplierminordervalue',
  'supplierminimumordervalue', 'minorderamount', 'minimumorderamount', 'mindestbestellwert', 'mindestauftragswert',
  'montantminimumdecommande', 'valeurminimaledecommande', 'importeminimo', 'importeminimodepedido', 'valorminimodepedido',
  'minimaleorderwaarde', 'minimumorderwaarde', 'minimalebestelwaarde', 'minimumbestelwaarde'];
const REVIEW_PERIOD = ['reviewperiod', 'reviewperioddays', 'reviewdays', 'ordercycle', 'orderingcycle',
  'bestellrhythmus', 'bestellzyklus', 'periodicite', 'periododerevision', 'besteldcyclus'];
/** Quantity headers that only a stock count uses: they make a file inventory rather than sales. */
const STOCK_QUANTITY = ['onhand', 'qtyonhand', 'quantityonhand', 'stock', 'stocklevel', 'stockonhand', 'inventory',
  'inventorylevel', 'instock', 'bestand', 'lagerbestand', 'istbestand', 'existencias', 'inventario', 'voorraad',
  'enstock', 'quantiteenstock', 'available', 'availableqty'];
const AS_OF = ['asof', 'asofdate', 'stockdate', 'countdate', 'snapshotdate', 'inventorydate', 'stichtag',
  'inventurdatum', 'bestandsdatum', 'dateinventaire', 'fechainventario', 'peildatum'];
const PO_NUMBER = ['po', 'ponumber', 'pono', 'ponr', 'purchaseorder', 'purchaseorderno', 'purchaseordernumber',
  'bestellnummer', 'bestellnr', 'bestellung', 'numerocommande', 'bondecommande', 'ordendecompra', 'inkooporder',
  'bestelnummer', 'inkoopordernummer'];
const PO_QUANTITY = ['qty', 'quantity', 'orderqty', 'orderedqty', 'openqty', 'quantityordered', 'qtyordered',
  'menge', 'bestellmenge', 'offenemenge', 'cantidad', 'cantidadpedida', 'quantite', 'quantitecommandee', 'aantal',
  'units'];
const EXPECTED_DATE = ['expecteddate', 'expected', 'eta', 'duedate', 'deliverydate', 'expectedarrival', 'arrivaldate',
  'expecteddelivery', 'liefertermin', 'lieferdatum', 'eintreffdatum', 'dateprevue', 'datelivraison',
  'datedelivraison', 'fechaentrega', 'fechaprevista', 'fechadeentrega', 'leverdatum', 'verwachtedatum'];

export const FIELD_SPECS: Record<RecordKind, Record<string, FieldSpec>> = {
  sales: {
    date: { required: true, synonyms: DATE },
    item: { required: true, synonyms: ITEM },
    quantity: { required: true, synonyms: SALES_QUANTITY },
    location: { required: false, synonyms: LOCATION },
    unitPrice: { required: false, synonyms: UNIT_PRICE },
    orderNumber: { required: false, synonyms: ORDER_NUMBER },
    customer: { required: false, synonyms: CUSTOMER },
    description: { required: false, synonyms: DESCRIPTION },
    cancelled: { required: false, synonyms: CANCELLED },
  },
  items: {
    item: { required: true, synonyms: ITEM },
    description: { required: false, synonyms: DESCRIPTION },
    supplier: { required: false, synonyms: SUPPLIER },
    unitCost: { required: false, synonyms: UNIT_COST },
    currency: { required: false, synonyms: CURRENCY },
    leadTimeDays: { required: false, synonyms: LEAD_TIME },
    leadTimeSpreadDays: { required: false, synonyms: LEAD_TIME_SPREAD },
    moq: { required: false, synonyms: MOQ },
    orderMultiple: { required: false, synonyms: ORDER_MULTIPLE },
    holdingCostRate: { required: false, synonyms: HOLDING_RATE },
    stockoutPenalty: { required: false, synonyms: STOCKOUT_PENALTY },
    serviceLevel: { required: false, synonyms: SERVICE_LEVEL },
    reviewPeriodDays: { required: false, synonyms: REVIEW_PERIOD },
    supplierMinOrderValue: { required: false, synonyms: SUPPLIER_MIN_ORDER_VALUE, needs: 'supplier' },
  },
  inventory: {
    item: { required: true, synonyms: ITEM },
    quantity: { required: true, synonyms: [...STOCK_QUANTITY, ...SALES_QUANTITY] },
    asOfDate: { required: true, synonyms: [...AS_OF, ...DATE] },
  },
  'open-orders': {
    poNumber: { required: true, synonyms: PO_NUMBER },
    item: { required: true, synonyms: ITEM },
    quantity: { required: true, synonyms: PO_QUANTITY },
    expectedDate: { required: true, synonyms: EXPECTED_DATE },
    supplier: { required: false, synonyms: SUPPLIER },
  },
};

/** Field → column index, and the headers that look like dates or ISO weeks (wide sales layout). */
export interface ResolvedColumns {
  indexes: Record<string, number>;
  missingFields: string[];
  /** Column indexes whose header is a date: one value column per day or week (wide layout). */
  periodColumns: number[];
  /** Problems with an explicit mapping (unknown field, header not in the file). */
  mappingProblems: string[];
}

function headerText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return parseDateValue(cell)?.date ?? '';
  return String(cell).trim();
}

export function headerTexts(cells: readonly RawCell[]): string[] {
  return cells.map(headerText);
}

/** Header cells that parse as dates or weeks; used for the wide layout (one column per period). */
export function findPeriodColumns(headers: readonly RawCell[]): number[] {
  const found: number[] = [];
  headers.forEach((cell, index) => {
    if (cell instanceof Date || (typeof cell === 'string' && /\d/.test(cell) && parseDateValue(cell) !== undefined)) {
      found.push(index);
    } else if (typeof cell === 'number' && parseDateValue(cell) !== undefined && cell > 30_000) {
      found.push(index);
    }
  });
  return found.length >= 2 ? found : [];
}

export function resolveColumns(kind: RecordKind, headers: readonly RawCell[], mapping: ColumnMapping = {}): ResolvedColumns {
  const specs = FIELD_SPECS[kind];
  const texts = headerTexts(headers);
  const normalized = texts.map(normalizeHeader);
  const indexes: Record<string, number> = {};
  const used = new Set<number>();
  const mappingProblems: string[] = [];
  for (const [field, header] of Object.entries(mapping)) {
    if (!(field in specs)) {
      mappingProblems.push(`"${field}" is not a field of ${kind} records (fields: ${Object.keys(specs).join(', ')})`);
      continue;
    }
    let index = texts.indexOf(header);
    if (index < 0) index = normalized.indexOf(normalizeHeader(header));
    if (index < 0) {
      mappingProblems.push(`column "${header}" given for ${field} is not in the file`);
      continue;
    }
    indexes[field] = index;
    used.add(index);
  }
  const periodColumns = kind === 'sales' && indexes.date === undefined ? findPeriodColumns(headers) : [];
  for (const index of periodColumns) used.add(index);
  for (const [field, spec] of Object.entries(specs)) {
    if (indexes[field] !== undefined || field in mapping) continue;
    // Earlier synonyms are stronger: "Quantity" beats "Units" when a file has both.
    for (const synonym of spec.synonyms) {
      const index = normalized.findIndex((name, column) => name === synonym && !used.has(column));
      if (index >= 0) {
        indexes[field] = index;
        used.add(index);
        break;
      }
    }
  }
  const wide = periodColumns.length > 0;
  const missingFields = Object.entries(specs)
    .filter(([field, spec]) => spec.required && indexes[field] === undefined && !(wide && (field === 'date' || field === 'quantity')))
    .map(([field]) => field);
  return { indexes, missingFields, periodColumns, mappingProblems };
}

/**
 * The record kind the headers describe: open orders need a PO number and an expected date;
 * a stock-count quantity or as-of date makes inventory; a date and a quantity (or date headers)
 * make sales; an item column with master-data columns makes items. Undefined when none fits.
 */
export function detectKind(headers: readonly RawCell[]): RecordKind | undefined {
  const normalized = new Set(headerTexts(headers).map(normalizeHeader));
  const has = (names: readonly string[]): boolean => names.some((name) => normalized.has(name));
  const complete = (kind: RecordKind): boolean => resolveColumns(kind, headers).missingFields.length === 0;
  if (has(PO_NUMBER) && has(EXPECTED_DATE) && complete('open-orders')) return 'open-orders';
  if ((has(STOCK_QUANTITY) || has(AS_OF)) && complete('inventory')) return 'inventory';
  if (complete('sales')) return 'sales';
  const itemColumns = resolveColumns('items', headers);
  if (itemColumns.missingFields.length === 0 && Object.keys(itemColumns.indexes).length >= 2) return 'items';
  return undefined;
}
