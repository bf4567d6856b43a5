/** A customer account, as loaded from the customers table. */
export interface Customer {
  /** Unique, e.g. `"cus_3k9x2a"`. */
  id: string;
  /** Display name, e.g. `"Ada Okafor"`. */
  name: string;
  /** The address on the account. */
  email: string;
  /** True for customers on the VIP plan (a minority of all customers). */
  vip: boolean;
}

/** One order, as loaded from the orders table. */
export interface Order {
  /** Unique, e.g. `"ord_1048576"`. */
  id: string;
  /** The `Customer.id` that placed it. A few refer to deleted accounts, which appear in no list. */
  customerId: string;
  /**
   * The email typed at checkout. Often the account's address, sometimes with
   * different capitals, sometimes another address altogether.
   */
  email: string;
  /** Order total in cents (an integer, so sums are exact). */
  totalCents: number;
}

/** All the VIP orders of one customer. */
export interface CustomerOrders {
  customerId: string;
  /** The customer's `name`. */
  name: string;
  /** Their VIP orders' ids, in the order the orders appear in the input. */
  orderIds: string[];
  /** Sum of those orders' `totalCents`. */
  totalCents: number;
}

/** What `buildReport` returns. */
export interface Report {
  /** How many orders were placed by VIP customers. */
  vipOrderCount: number;
  /**
   * Distinct checkout emails of the VIP orders, lowercased, in order of first
   * appearance in the input.
   */
  emails: string[];
  /**
   * One group per VIP customer who placed at least one order, in the order of
   * each customer's first order in the input.
   */
  groups: CustomerOrders[];
}
